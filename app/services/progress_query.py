"""The public progress query (办件进度查询, no login): a tracking number and a second factor the applicant knows
(the last 6 characters of the ID number, or the mobile number) give the status and the steps in words, with the
applicant's name partly hidden and nothing else personal."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.documents.verification import mask_name
from app.domain.lifecycle import STATUS_LABELS_ZH, CaseStatus
from app.domain.placeholders import lookup
from app.domain.tracking_numbers import is_valid, normalise
from app.extensions import db
from app.models import Application, HumanTask, ItemVersion

ID_PATHS = ("applicant.id_number", "id_number", "legal_rep_id_number")
MOBILE_PATHS = ("applicant.mobile", "applicant.phone", "contact.mobile", "mobile", "phone")
NAME_PATHS = ("applicant.name", "business.name", "name")
STEP_WORDS = {"completed": "已办结", "ready": "待办理", "claimed": "办理中", "cancelled": "已取消"}


class NumberMistyped(ValueError):
    """The tracking number's check character does not match: a typo, said before any lookup."""


@dataclass
class Step:
    name: str
    state: str
    finished: date | None


@dataclass
class Progress:
    tracking_number: str
    item: str
    applicant: str
    status: str
    submitted: datetime
    due_date: date | None
    steps: list[Step]


def _text(data: dict[str, object], paths: tuple[str, ...]) -> str:
    for path in paths:
        value = lookup(data, path)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _second_factor_matches(application: Application, answer: str) -> bool:
    answer = "".join(answer.split()).upper()
    data, user = application.data or {}, application.applicant
    id_number = (_text(data, ID_PATHS) or (user.id_number or "")).upper()
    mobile = _text(data, MOBILE_PATHS) or (user.phone or "")
    candidates = []
    if len(id_number) >= 6:
        candidates.append(id_number[-6:])
    if mobile:
        candidates.append(mobile)
    # Compare with every candidate, in constant time each, so the answer's timing says nothing.
    return any([hmac.compare_digest(answer.encode(), c.encode()) for c in candidates]) and bool(answer)


def find_progress(typed_number: str, answer: str) -> Progress | None:
    """The case's progress, or None when the number or the second factor is wrong (never which of the two)."""
    number = normalise(typed_number)
    if not is_valid(number):
        raise NumberMistyped(number)
    application = db.session.scalar(
        select(Application)
        .where(Application.tracking_number == number)
        .options(joinedload(Application.item_version).joinedload(ItemVersion.item), joinedload(Application.applicant))
    )
    if application is None or not _second_factor_matches(application, answer):
        return None
    tasks = db.session.scalars(
        select(HumanTask)
        .where(HumanTask.application_id == application.id, HumanTask.state != "cancelled")
        .order_by(HumanTask.created_at, HumanTask.id)
    ).all()
    return Progress(
        tracking_number=number,
        item=application.item_version.item.name,
        applicant=mask_name(_text(application.data or {}, NAME_PATHS) or application.applicant.display_name),
        status=STATUS_LABELS_ZH[CaseStatus(application.status)],
        submitted=application.submitted_at,
        due_date=application.due_date,
        steps=[
            Step(t.name, STEP_WORDS.get(t.state, t.state), t.completed_at.date() if t.completed_at else None)
            for t in tasks
        ],
    )
