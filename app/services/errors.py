"""Typed service errors; the web layer maps each to a status code and a `{error_code, message}` body."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class NotAllowed(ServiceError):
    status = 403
    code = "forbidden"


class AlreadyCompleted(ServiceError):
    status = 409
    code = "already_completed"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class InvalidData(ServiceError):
    """Submitted data breaks the schema; details maps field path -> messages."""

    status = 422
    code = "invalid_data"


class PublishRefused(ServiceError):
    """An item version cannot be published; details lists every problem found."""

    status = 422
    code = "publish_refused"


class WorkflowFailed(ServiceError):
    status = 500
    code = "workflow_incident"
