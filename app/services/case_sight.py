"""What of a case a reader sees, applied to stored cases for every surface (task page, case view, timeline, files,
API): the application form without other departments' sections, and other departments' decisions left out.

The rule is app/domain/field_sight.py; who reads a case at all is app/domain/need_to_know.py. A reader whose
sight has no sections (window, output window, supervisors, the applicant, approvers of ordinary items) sees all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from app.domain.field_sight import department_decision_visible, file_ids_in, hidden_fields, visible_form
from app.domain.need_to_know import CaseSight
from app.extensions import db
from app.models import Application, AuditEvent, HumanTask


def form_seen(application: Application, sight: CaseSight) -> dict[str, Any]:
    """The application form as the reader may see it."""
    field_sight = application.item_version.field_sight
    return visible_form(application.data, hidden_fields(field_sight, sight.sections, application.data))


def form_seen_by_sections(data: Any, field_sight: Any, sight: CaseSight) -> Any:
    """:func:`form_seen` for a case read as a plain row (the API)."""
    return visible_form(data, hidden_fields(field_sight, sight.sections, data))


def decision_seen(application: Application, sight: CaseSight, lane: str | None) -> bool:
    return department_decision_visible(application.item_version.field_sight, sight.sections, lane)


def hidden_decision_files(application: Application, sight: CaseSight) -> set[str]:
    """Attachments of decisions the reader may not see (steps of other departments)."""
    if sight.sections is None:
        return set()
    hidden: set[str] = set()
    for lane, decision in db.session.execute(
        select(HumanTask.lane, HumanTask.decision).where(
            HumanTask.application_id == application.id, HumanTask.decision.is_not(None)
        )
    ):
        if not decision_seen(application, sight, lane):
            hidden |= file_ids_in(decision)
    return hidden


@dataclass(frozen=True)
class EventSeen:
    """An audit event as a reader may see it (the stored event is never changed)."""

    id: int
    action: str
    at: Any
    actor_name: str
    actor_role: str | None
    before: Any
    after: Any
    detail: Any
    note: str | None


def events_seen(application: Application, events: list[AuditEvent], sight: CaseSight) -> list[Any]:
    """The timeline with other departments' opinions and decisions, and hidden form fields, left out."""
    if sight.sections is None:
        return events
    field_sight = application.item_version.field_sight
    shown = []
    for event in events:
        seen = EventSeen(
            event.id,
            event.action,
            event.at,
            event.actor_name,
            event.actor_role,
            event.before,
            event.after,
            event.detail,
            event.note,
        )
        detail = dict(event.detail) if isinstance(event.detail, dict) else event.detail
        if isinstance(detail, dict):
            lane = detail.get("lane")
            if not decision_seen(application, sight, lane):
                detail.pop("decision", None)
                seen = replace(seen, note=None)
            elif isinstance(detail.get("decision"), dict) and lane == "applicant":
                form = detail["decision"]  # a supplement re-posts the whole form
                detail["decision"] = visible_form(form, hidden_fields(field_sight, sight.sections, form))
        shown.append(replace(seen, detail=detail))
    return shown
