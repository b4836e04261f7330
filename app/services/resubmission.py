"""A case back from the applicant after a supplement request (补正): marked in the window's queue, and its task
shows what was asked and what the applicant changed, side by side (fields and files, by their labels).

The one door (cases.complete_task) keeps the answers the supplement replaced in that step's audit event
(``detail["replaced"]``), so the comparison needs no copy of the case anywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.domain.lifecycle import APPLICANT_LANE, TaskState
from app.extensions import db
from app.models import Application, AuditEvent, HumanTask
from forms import CompiledForm


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Resubmission:
    asked: str  # the window's supplement request
    changes: list[Change]


def resubmitted_cases(application_ids: Iterable[int]) -> set[int]:
    """Of these cases, those an applicant has answered a supplement request on (one query for a whole queue)."""
    ids = set(application_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(HumanTask.application_id)
            .where(
                HumanTask.application_id.in_(ids),
                HumanTask.lane == APPLICANT_LANE,
                HumanTask.state == TaskState.COMPLETED.value,
            )
            .distinct()
        )
    )


def compare(form: CompiledForm, before: dict[str, Any], after: dict[str, Any], locale: str) -> list[Change]:
    """Every answer that differs, by label, as a person reads it (a new file shows its new name)."""
    old = dict(form.summary(before, locale=locale))
    new = dict(form.summary(after, locale=locale))
    labels = list(dict.fromkeys([*new, *old]))
    return [
        Change(label, old.get(label, "—"), new.get(label, "—")) for label in labels if old.get(label) != new.get(label)
    ]


def last_resubmission(application: Application, form: CompiledForm, locale: str) -> Resubmission | None:
    """What the last supplement request asked and what the applicant changed in answer; None if none yet."""
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.application_id == application.id,
                AuditEvent.action.in_(("window_review.completed", "applicant_supplement.completed")),
            )
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(2)
        )
    )
    if not events or events[0].action != "applicant_supplement.completed":
        return None
    answer = events[0].detail or {}
    request = (events[1].detail or {}).get("decision", {}) if len(events) > 1 else {}
    replaced = answer.get("replaced")
    changes = compare(form, replaced, application.data, locale) if isinstance(replaced, dict) else []
    return Resubmission(str(request.get("reason") or ""), changes)
