"""What a document of a case says, gathered once when it is queued and frozen in the document row."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import Row, bindparam, select

from app.domain.immediate import is_verdict, verdict_text
from app.domain.lifecycle import WINDOW_LANE, TaskState
from app.domain.placeholders import fill, lookup
from app.extensions import db
from app.models import Application, HumanTask, User
from app.models.base import utcnow
from app.services.version_guides import guide_of

HOLDER_PATHS = ("business.name", "company.name", "applicant.name", "name")
APPLICANT_PATHS = ("applicant.name", "business.name", "name")


def _first_text(data: dict[str, Any], paths: tuple[str, ...]) -> str:
    for path in paths:
        value = lookup(data, path)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


# The case's completed steps with what a document names of them, the clerk's name in the same statement. Plain
# columns on the session's connection: an accepting or deciding step reads them once, and loading them as ORM tasks
# cost several times the query. The step's own changes are written (Core) before a document is queued.
_COMPLETED_STEPS = (
    select(HumanTask.element_id, HumanTask.lane, HumanTask.decision, User.display_name.label("clerk"))
    .outerjoin(User, User.id == HumanTask.completed_by_id)
    .where(HumanTask.application_id == bindparam("application_id"), HumanTask.state == TaskState.COMPLETED.value)
    .order_by(HumanTask.completed_at, HumanTask.id)
)


def _completed_tasks(application: Application) -> Sequence[Row[Any]]:
    return db.session.connection().execute(_COMPLETED_STEPS, {"application_id": application.id}).all()


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def case_context(application: Application, **extra: Any) -> dict[str, Any]:
    """Everything a template may name: the case, its item and guide, the form (``form.*``), each step's decision
    (``decisions.<step id>.*``), the clerk, and ``extra`` (reason, fee ...)."""
    version = application.item_version
    item, guide = version.item, guide_of(version)
    data = application.data or {}
    tasks = _completed_tasks(application)
    window_tasks = [t for t in tasks if t.lane == WINDOW_LANE]
    clerk = (window_tasks[-1].clerk or "") if window_tasks else ""
    decisions = {t.element_id: t.decision or {} for t in tasks}
    opinions = [
        verdict_text(t.decision)
        if is_verdict(t.decision)
        else str(t.decision.get("opinion") or t.decision.get("reason") or "")
        for t in tasks
        if t.decision and (t.lane not in ("window", "output", "applicant") or is_verdict(t.decision))
    ]
    today = utcnow().date()
    result = str(guide.get("result") or "")
    certificate_title = re.findall(r"《([^》]+)》", result)
    context: dict[str, Any] = {
        # The centre that accepted the case and hands out its result (全区通办: a street centre too).
        "centre": application.centre.name if application.centre_id is not None else current_app.config["CENTRE_NAME"],
        "item": item.name,
        "item_code": item.code,
        "department": item.department.name,
        "tracking_number": application.tracking_number or "",
        "applicant": _first_text(data, APPLICANT_PATHS) or application.applicant.display_name,
        "holder": _first_text(data, HOLDER_PATHS) or application.applicant.display_name,
        "submitted_date": application.submitted_at.date().isoformat(),
        "accepted_date": application.accepted_at.date().isoformat() if application.accepted_at else "",
        "due_date": application.due_date.isoformat() if application.due_date else "",
        "promised_days": item.promised_days,
        "today": today.isoformat(),
        "clerk": clerk,
        "legal_basis": str(guide.get("legal_basis") or "有关法律法规"),
        "item_result": "、".join(certificate_title) or f"{item.name}证",
        "opinion": "；".join(o for o in opinions if o),
        "reason": "",
        "form": data,
        "decisions": decisions,
    }
    context.update(extra)
    return context


def certificate_particulars(context: dict[str, Any], guide: dict[str, Any], issued_on: date) -> dict[str, str]:
    """The certificate's own facts from the item's guide (``certificate``: valid_years, scope template)."""
    rule = guide.get("certificate") or {}
    years = rule.get("valid_years")
    valid_until = _years_later(issued_on, int(years)) if isinstance(years, int) and years > 0 else None
    scope = fill(str(rule.get("scope") or ""), context) or context["item"]
    return {
        "valid_from": issued_on.isoformat(),
        "valid_until": valid_until.isoformat() if valid_until else "长期",
        "scope": scope,
    }
