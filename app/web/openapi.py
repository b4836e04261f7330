"""OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from app.services.read_models import CaseRow, TaskRow, json_schema
from app.web.openapi_bookings import PATHS as BOOKING_PATHS
from app.web.openapi_lifecycle import PATHS, closed, finish
from app.web.openapi_pauses import PATHS as PAUSE_PATHS
from app.web.openapi_supplements import PATHS as SUPPLEMENT_PATHS


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


ERROR = {"$ref": "#/components/schemas/Error"}
CASE = {"$ref": "#/components/schemas/Case"}
TASK = {"$ref": "#/components/schemas/Task"}
TOKEN_FIELDS: dict[str, Any] = {
    "id": {"type": "integer"},
    "name": {"type": "string"},
    "created_at": {"type": "string", "format": "date-time"},
    "expires_at": {"type": "string", "format": "date-time"},
    "revoked_at": {"type": ["string", "null"], "format": "date-time"},
    "state": {"type": "string", "enum": ["active", "expired", "revoked"]},
}
TOKEN_INFO = closed(TOKEN_FIELDS)
USER = closed(
    {
        "username": {"type": "string"},
        "display_name": {"type": "string"},
        "roles": {"type": "array", "items": {"type": "string"}},
        "department": {"type": ["string", "null"]},
    }
)
ITEM = closed(
    {
        "slug": {"type": "string"},
        "code": {"type": "string"},
        "name": {"type": "string"},
        "kind": {"type": "string"},
        "department": {"type": "string"},
        "promised_days": {"type": "integer"},
        "statutory_days": {"type": "integer"},
        "version": {"type": ["integer", "null"]},
        "form_schema": {"type": ["object", "null"]},
    }
)
DECISION = {"type": "object", "required": ["data"], "properties": {"data": {"type": "object"}}}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, **_json(schema)}


def _errors(*codes: int) -> dict[str, Any]:
    """Error answers; 400 (a body or parameter the door refuses: not JSON, nested too deep, NUL or invalid Unicode
    in a string, app/request_guard.py) can answer any request."""
    return {str(code): {"description": "error", **_json(ERROR)} for code in sorted({400, *codes})}


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Yichuang (一窗) API",
        "version": "1.0.0",
        "description": "Submit applications, work task lists and read cases. Authenticate with POST /token, then "
        "send `Authorization: Bearer <token>`. Errors are `{error_code, message, details}`.",
    },
    "servers": [{"url": "/api/v1"}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error_code", "message"],
                "properties": {
                    "error_code": {"type": "string"},
                    "message": {"type": "string"},
                    "details": {},
                },
            },
            # Derived from the read models the answers are built from (app/services/read_models.py).
            "Task": json_schema(TaskRow),
            "Case": {
                **json_schema(CaseRow),
                "properties": {
                    **json_schema(CaseRow)["properties"],
                    "tasks": {"type": "array", "items": TASK, "description": "its steps (a read or a completion)"},
                    "items": {
                        "description": "a bundle case only: each member item's progress",
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/ItemProgress"},
                    },
                },
            },
            "ItemProgress": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "department": {"type": "string"},
                    "status": {
                        "type": "string",
                        "enum": ["waiting", "declined", "in_approval", "approved", "refused", "issued", "not_issued"],
                    },
                    "status_label": {"type": "string"},
                    "current_steps": {"type": "array", "items": {"type": "string"}},
                    "due_date": {"type": ["string", "null"], "format": "date"},
                    "certificate_number": {
                        "type": ["string", "null"],
                        "description": "the member's own certificate, once its department approved",
                    },
                    "decision_number": {
                        "type": ["string", "null"],
                        "description": "the member's own decision notice (approved or refused)",
                    },
                },
            },
            "Bundle": {
                "type": "object",
                "properties": {
                    "slug": {"type": "string"},
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "life_event": {"type": "string"},
                    "all_or_nothing": {"type": "boolean"},
                    "promised_days": {"type": "integer"},
                    "version": {"type": ["integer", "null"]},
                    "guide": {"type": ["object", "null"]},
                    "stale_members": {"type": "array", "items": {"type": "string"}},
                    "form_schema": {"type": "object"},
                    "sections": {"type": "object"},
                },
            },
        },
    },
    "security": [{"bearer": []}],
    "paths": {
        "/health": {
            "get": {
                "summary": "Liveness: the worker answers (no database access)",
                "security": [],
                "responses": {
                    "200": {
                        "description": "alive",
                        **_json({"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}}),
                    }
                },
            }
        },
        "/token": {
            "post": {
                "summary": "Exchange a username and password for a new named API token (one per department system); "
                "the user's other tokens keep working. 429 after too many failed sign-ins (see Retry-After)",
                "security": [],
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["username", "password"],
                        "properties": {
                            "username": {"type": "string"},
                            "password": {"type": "string"},
                            "name": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"},
                            "expires_in_days": {"type": "integer", "minimum": 1, "maximum": 365, "default": 90},
                        },
                    }
                ),
                "responses": {
                    "200": {
                        "description": "the token (shown only here) and its description",
                        **_json(
                            {
                                **closed({**TOKEN_FIELDS, "token": {"type": "string"}, "user": USER}),
                            }
                        ),
                    },
                    **_errors(401, 422, 429),
                },
            }
        },
        "/tokens": {
            "get": {
                "summary": "The caller's tokens, newest first (never the tokens themselves)",
                "responses": {
                    "200": {
                        "description": "tokens",
                        **_json({"type": "object", "properties": {"tokens": {"type": "array", "items": TOKEN_INFO}}}),
                    },
                    **_errors(401),
                },
            }
        },
        "/tokens/{token_id}": {
            "delete": {
                "summary": "Revoke one of the caller's tokens at once",
                "parameters": [{"name": "token_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "revoked", **_json(TOKEN_INFO)}, **_errors(401, 404)},
            }
        },
        "/items": {
            "get": {
                "summary": "Published service items with their application form schema",
                "security": [],
                "responses": {
                    "200": {
                        "description": "items",
                        **_json(closed({"items": {"type": "array", "items": ITEM}})),
                    }
                },
            }
        },
        "/items/{slug}/applications": {
            "post": {
                "x-scope": "submit",
                "summary": "Submit an application; the same submission_token twice returns the first case. Uploaded "
                "materials named in data must be the caller's own",
                "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["data", "submission_token"],
                        "properties": {"data": {"type": "object"}, "submission_token": {"type": "string"}},
                    }
                ),
                "responses": {"201": {"description": "created", **_json(CASE)}, **_errors(401, 404, 422)},
            }
        },
        "/bundles": {
            "get": {
                "summary": "Bundles (一件事) open for applications, with their guides (members, merged materials, "
                "the longest promised limit)",
                "security": [],
                "responses": {
                    "200": {
                        "description": "bundles",
                        **_json(
                            {
                                "type": "object",
                                "properties": {
                                    "bundles": {"type": "array", "items": {"$ref": "#/components/schemas/Bundle"}}
                                },
                            }
                        ),
                    }
                },
            }
        },
        "/bundles/{slug}": {
            "get": {
                "summary": "One bundle with its guide, merged form schema and sections",
                "security": [],
                "parameters": [
                    {"name": "slug", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 64}}
                ],
                "responses": {
                    "200": {"description": "bundle", **_json({"$ref": "#/components/schemas/Bundle"})},
                    **_errors(404),
                },
            }
        },
        "/bundles/{slug}/applications": {
            "post": {
                "x-scope": "submit",
                "summary": "Apply for every member of a bundle at once with the merged form's data: one tracking "
                "number; the case answers with per-item progress",
                "parameters": [
                    {"name": "slug", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 64}}
                ],
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["data", "submission_token"],
                        "properties": {"data": {"type": "object"}, "submission_token": {"type": "string"}},
                    }
                ),
                "responses": {"201": {"description": "created", **_json(CASE)}, **_errors(401, 404, 422)},
            }
        },
        "/applications/{tracking_number}": {
            "get": {
                "summary": "A case with its tasks (a bundle's: with per-item progress). An approver of a bundle case "
                "gets only the shared section and their own item's fields in data",
                "parameters": [
                    {"name": "tracking_number", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "case", **_json(CASE)}, **_errors(401, 404)},
            }
        },
        "/tasks": {
            "get": {
                "summary": "Open tasks of the caller's window or department, earliest due first",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}}
                ],
                "responses": {
                    "200": {
                        "description": "tasks",
                        **_json({"type": "object", "properties": {"tasks": {"type": "array", "items": TASK}}}),
                    },
                    **_errors(401),
                },
            }
        },
        "/tasks/{task_id}/claim": {
            "post": {
                "summary": "Claim a task",
                "x-scope": "decide",
                "parameters": [{"name": "task_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "task", **_json(TASK)}, **_errors(401, 403, 404, 409)},
            }
        },
        "/tasks/{task_id}/complete": {
            "post": {
                "x-scope": "decide",
                "summary": "Complete a task with its decision form data; 403 (before the body is read) when "
                "the caller may not act on it, 409 when someone completed it first",
                "parameters": [{"name": "task_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": _body(DECISION),
                "responses": {"200": {"description": "case", **_json(CASE)}, **_errors(401, 403, 404, 409, 422)},
            }
        },
    },
}

OPENAPI["paths"].update(PATHS)
OPENAPI["paths"].update(SUPPLEMENT_PATHS)
OPENAPI["paths"].update(BOOKING_PATHS)
OPENAPI["paths"].update(PAUSE_PATHS)
finish(OPENAPI)
