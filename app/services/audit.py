"""The audit trail: every state change of a case, with who, when and what."""

from __future__ import annotations

from typing import Any

from app.extensions import db
from app.models import Application, AuditEvent, User


def record_event(
    action: str,
    *,
    actor: User | None,
    application: Application | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
    note: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor else None,
        actor_name=actor.display_name if actor else "系统",
        application_id=application.id if application else None,
        before=before,
        after=after,
        detail=detail,
        note=note,
    )
    db.session.add(event)
    return event
