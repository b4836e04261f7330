"""What a case's step means for people and paper: messages, documents and the fee, written in the step's own
transaction (so none is written for a step that did not happen, and none twice).

Called once per saved step by case_state.save_workflow with the status before and after. The outbox rows carry a
dedupe key of the case and its row version, so replaying a step writes nothing new.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.documents import kinds
from app.documents.context import case_context
from app.documents.issuing import queue_document
from app.domain.deferrals import DEFERRED_MATERIALS, DEFERRED_UNTIL
from app.domain.lifecycle import APPLICANT_LANE, OUTPUT_LANE, WINDOW_LANE, CaseStatus
from app.extensions import db
from app.fees.service import assess, fee_context
from app.models import Application, Department, ItemKind, Role, User, UserRole
from app.notifications.events import notify_applicant, notify_user
from app.services.bundle_results import queue_member_results
from app.services.bundles import bundle_version_of
from app.webhooks.queue import queue_step_events

PLATFORM_LANES = frozenset({WINDOW_LANE, APPLICANT_LANE, OUTPUT_LANE})
OUTCOME_WORDS = {True: "准予许可", False: "不予许可"}


def _step(data: dict[str, Any], element_id: str) -> dict[str, Any]:
    value = data.get(element_id)
    return value if isinstance(value, dict) else {}


def receipt_deferral(window_decision: dict[str, Any]) -> dict[str, str]:
    """What the receipt says about the materials: complete, or 容缺受理 with what is owed and by when."""
    names = window_decision.get(DEFERRED_MATERIALS) or []
    if not names:
        return {"material_check": "申请材料齐全、符合法定形式", "deferred": ""}
    owed = "、".join(f"“{name}”" for name in names)
    until = window_decision.get(DEFERRED_UNTIL, "")
    return {
        "material_check": "申请材料基本齐全、符合法定形式，所缺非关键材料予以容缺受理",
        "deferred": f"容缺受理：申请人承诺于 {until} 前补交{owed}。材料补齐并经窗口确认收到后，方可领取办理结果。",
    }


def after_step(
    application: Application,
    before: CaseStatus,
    after: CaseStatus,
    data: dict[str, Any],
    created: list[Any],
    *,
    new_case: bool = False,
) -> None:
    """Queue the documents, fee and messages that moving from ``before`` to ``after`` calls for."""
    marker = application.row_version
    if new_case:
        notify_applicant(application, "submitted", marker)
    if before == CaseStatus.SUBMITTED and after in (CaseStatus.IN_APPROVAL, CaseStatus.AWAITING_ISSUE):
        _accepted(application, marker, _step(data, "window_review"))
    elif after == CaseStatus.SUPPLEMENT and before != after:
        reason = str(_step(data, "window_review").get("reason") or "")
        queue_document(application, kinds.SUPPLEMENT_NOTICE, reason=reason)
        notify_applicant(application, "supplement_requested", marker, reason=reason)
    elif after == CaseStatus.DECLINED and before != after:
        reason = str(_step(data, "window_review").get("reason") or "")
        queue_document(application, kinds.DECLINE_NOTICE, reason=reason)
        notify_applicant(application, "declined", marker, reason=reason)
    if after == CaseStatus.AWAITING_ISSUE and before != after:
        _decided(application, marker, data)
    if after in (CaseStatus.ISSUED, CaseStatus.REJECTED) and before != after:
        output = _step(data, "output_issue")
        if "mail" in (output.get("delivery"), output.get("method")):  # the window's form says delivery
            notify_applicant(application, "result_mailed", marker)
        notify_applicant(application, "rating_invited", marker)
    assigned = [task for task in created if task.lane not in PLATFORM_LANES]
    if assigned:
        _tasks_assigned(application, assigned)
    queue_step_events(application, before, after, created, new_case=new_case)  # department systems' webhooks


def _accepted(application: Application, marker: int, window_decision: dict[str, Any]) -> None:
    queue_document(application, kinds.RECEIPT, **receipt_deferral(window_decision))
    notify_applicant(application, "accepted", marker)
    fee = assess(application)
    if fee is not None:
        context = fee_context(fee)
        queue_document(application, kinds.PAYMENT_NOTICE, **context)
        notify_applicant(application, "fee_assessed", marker, **context)


def _decided(application: Application, marker: int, data: dict[str, Any]) -> None:
    approved = data.get("approved") is True
    bundle = application.item_version.item.kind == ItemKind.BUNDLE.value
    bundle_version = bundle_version_of(application.item_version_id) if bundle else None
    if bundle_version is not None:
        queue_member_results(application, bundle_version, data)  # each member its own decision and certificate
    else:
        context = case_context(application)  # the decision and the certificate say the same about the case
        queue_document(application, kinds.DECISION_APPROVED if approved else kinds.DECISION_REJECTED, context=context)
        if approved:
            queue_document(application, kinds.CERTIFICATE, context=context)
    notify_applicant(application, "result_ready", marker, outcome=OUTCOME_WORDS[approved])


def department_decided(
    application: Application, lane: str, task_id: int, decision: dict[str, Any], department: str | None
) -> None:
    """A department finished its part of the case (joint cases and bundles have several); ``department`` is its
    name (read with the task under the case lock), else the lane's code names it."""
    if lane in PLATFORM_LANES:
        return
    department = department or lane
    approved = decision.get("approved")
    words = OUTCOME_WORDS.get(approved, "已办理") if isinstance(approved, bool) else "已办理"
    notify_applicant(application, "department_decided", f"task{task_id}", department=department, decision=words)


def _tasks_assigned(application: Application, tasks: list[Any]) -> None:
    """Tell each department's approvers about its new task (one read of the approvers of all of them)."""
    approvers = db.session.execute(
        select(User, Department.code)
        .join(Department, Department.id == User.department_id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            Department.code.in_(sorted({task.lane for task in tasks})),
            UserRole.role == Role.APPROVER.value,
            User.active.is_(True),
        )
        .order_by(User.id)
    ).all()
    for task in tasks:
        for user, lane in approvers:
            if lane != task.lane:
                continue
            notify_user(
                user,
                "task_assigned",
                dedupe_key=f"task_assigned:{task.id}",
                application=application,
                channels=("inbox", "email"),
                task=task.name,
                due_date=task.due_date.isoformat() if task.due_date else "",
            )
