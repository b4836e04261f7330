"""The audit trail: every state change of a case, with who, when and what."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from app.domain.actors import Actor
from app.extensions import db
from app.models import Application, AuditEvent


def record_event(
    action: str,
    *,
    actor: Actor | None,
    application: Application | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
    note: str | None = None,
) -> None:
    """Write one event now, in the request's transaction (it commits or rolls back with the change it records)."""
    if application is not None and application.id is None:
        db.session.flush()  # a case created in this transaction gets its id
    # Core on the session's connection: an event is only ever inserted, so the ORM's unit of work would be
    # pure overhead on every step of every case.
    db.session.connection().execute(
        _INSERT_EVENT,
        {
            "action": action,
            "actor_id": actor.id if actor else None,
            "actor_name": actor.display_name if actor else "系统",
            "application_id": application.id if application else None,
            "before": before,
            "after": after,
            "detail": detail,
            "note": note,
        },
    )


_INSERT_EVENT = insert(AuditEvent.__table__)
