"""Per-item progress of a bundle case: each member's status, current steps and own promised limit.

One tracking number, several approvals: the citizen, the window and the supervisor see each member item's state
(waiting for acceptance, in approval at which step, approved, refused, issued, not issued) and the due date of its
own promised limit, which runs on its own branch from the acceptance; the bundle's limit is the longest.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from app.documents import kinds
from app.domain.clock import due_date
from app.domain.lifecycle import OPEN_TASK_STATES, CaseStatus
from app.extensions import db
from app.models import Application, BundleVersion, HumanTask, ItemKind
from app.services import case_clock
from app.services.bundle_results import member_documents
from app.services.bundles import bundle_version_of
from app.services.now import local_date, today
from app.services.work_calendar import load_calendar
from workflows.bundle_process import member_result

STATUS_LABELS = {
    "waiting": "待受理",
    "declined": "不予受理",
    "in_approval": "审批中",
    "approved": "已准予，待出件",
    "refused": "不予许可",
    "issued": "已出件",
    "not_issued": "未出件（一件事需全部准予）",
}


@dataclass(frozen=True)
class ItemProgress:
    code: str
    name: str
    department: str
    status: str
    status_label: str
    current_steps: list[str]
    due_date: date | None
    certificate_number: str | None = None  # the member's own certificate, once issued
    decision_number: str | None = None  # its own decision notice (准予 / 不予许可决定书)

    def to_json(self) -> dict[str, Any]:
        body = asdict(self)
        body["due_date"] = self.due_date.isoformat() if self.due_date else None
        return body


def item_progress(application: Application) -> list[ItemProgress] | None:
    """Each member's progress, or None when the case is not a bundle's."""
    if application.item_version.item.kind != ItemKind.BUNDLE.value:
        return None
    bundle_version = bundle_version_of(application.item_version_id)
    if bundle_version is None:
        return None
    results = _member_results(application)
    open_tasks = list(
        db.session.scalars(
            select(HumanTask).where(HumanTask.application_id == application.id, HumanTask.state.in_(OPEN_TASK_STATES))
        )
    )
    started = local_date(application.accepted_at) if application.accepted_at else None
    calendar = load_calendar()
    pauses = case_clock.as_domain(case_clock.pauses_of(application.id))
    documents = member_documents(application.id) if application.finished_at or results else {}
    rows = []
    for member in bundle_version.members:
        own = documents.get(member["code"], [])
        certificate = next((d.number for d in reversed(own) if d.kind == kinds.CERTIFICATE), None)
        decision = next((d.number for d in reversed(own) if d.kind in kinds.DECISIONS), None)
        status = _status(application, bundle_version, results, member["code"])
        steps = [t.name for t in open_tasks if _task_member(t) == member["call"]]
        due = due_date(started, member["promised_days"], calendar, pauses, today=today()) if started else None
        rows.append(
            ItemProgress(
                member["code"],
                member["name"],
                member["department"],
                status,
                STATUS_LABELS[status],
                steps if status == "in_approval" else [],
                due,
                certificate,
                decision,
            )
        )
    return rows


def _task_member(task: HumanTask) -> str | None:
    """The member call a task belongs to: its decision form is named ``member_<code>/<file>`` in a bundle."""
    if task.form_file and "/" in task.form_file:
        return task.form_file.split("/", 1)[0]
    return None


def _member_results(application: Application) -> dict[str, Any]:
    if application.accepted_at is None:
        return {}
    from app.services.case_state import restore  # reads the workflow state, only for a bundle case's progress

    return restore(application).data


def _status(application: Application, bundle_version: BundleVersion, data: dict[str, Any], code: str) -> str:
    if application.status == CaseStatus.DECLINED.value:
        return "declined"
    if application.accepted_at is None:
        return "waiting"
    result = member_result(data, code)
    if result is None:
        return "in_approval"
    if result is False:
        return "refused"
    everyone = all(member_result(data, m["code"]) is True for m in bundle_version.members)
    if bundle_version.all_or_nothing and not everyone:
        done = all(member_result(data, m["code"]) is not None for m in bundle_version.members)
        return "not_issued" if done else "approved"
    return "issued" if application.finished_at is not None else "approved"


def supplement_section(application: Application) -> str | None:
    """The part of a bundle's form the window's latest supplement request targets (its title), if it named one."""
    if application.item_version.item.kind != ItemKind.BUNDLE.value:
        return None
    decision = db.session.scalar(
        select(HumanTask.decision)
        .where(HumanTask.application_id == application.id, HumanTask.element_id == "window_review")
        .where(HumanTask.completed_at.is_not(None))
        .order_by(HumanTask.completed_at.desc(), HumanTask.id.desc())
        .limit(1)
    )
    if not isinstance(decision, dict) or decision.get("decision") != "supplement" or not decision.get("section"):
        return None
    sections = (application.item_version.field_sight or {}).get("sections") or {}
    return str((sections.get(decision["section"]) or {}).get("title") or decision["section"])
