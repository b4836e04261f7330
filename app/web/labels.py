"""Human words for audit events on timelines (the data keeps the machine words)."""

from __future__ import annotations

from flask_babel import gettext

from app.domain.lifecycle import N_
from app.models import BOOKING_STATE_LABELS, AuditEvent, BookingState

WINDOW_DECISIONS = {
    "accept": N_("窗口受理"),
    "supplement": N_("一次性告知补正"),
    "decline": N_("不予受理"),
    "approve": N_("即办件当场办结：准予"),  # an immediate item decided at the window (app/domain/immediate.py)
    "refuse": N_("即办件当场办结：不予许可"),
}
FIXED = {
    "submitted": N_("提交申请"),
    "task_claimed": N_("认领任务"),
    "applicant_supplement.completed": N_("申请人提交补正"),
    "output_issue.completed": N_("出件"),
    "fee.assessed": N_("核定收费"),
    "fee.paid": N_("缴费"),
    "fee.waived": N_("减免费用"),
    "fee.refunded": N_("退费"),
    "document.revoked": N_("撤销文书"),
    "clock.paused": N_("暂停计时"),
    "clock.resumed": N_("恢复计时"),
    "clock.excluded_period_declared": N_("申报特别程序（暂停计时）"),
    "clock.excluded_period_ended": N_("特别程序结束（恢复计时）"),
    "step_supplement.requested": N_("审批部门要求补正（暂停计时）"),
    "step_supplement.answered": N_("申请人提交补正（恢复计时）"),
    "deferred_material.uploaded": N_("申请人补交容缺材料"),
    "deferred_material.received": N_("窗口确认收到容缺材料"),
    "rating.given": N_("评价"),
    "rating.follow_up_answered": N_("差评整改答复"),
    "rating.resolution_confirmed": N_("确认整改结果"),
    "complaint.filed": N_("投诉"),
    "complaint.assigned": N_("投诉转办"),
    "complaint.answered": N_("投诉答复"),
    "complaint.closed": N_("投诉办结"),
    "incident.retried": N_("故障重试"),
    "service.failed": N_("平台处理失败"),
}
# The office's own housekeeping: on the staff timeline, never on the applicant's.
INTERNAL_ACTIONS = frozenset({"task_claimed", "complaint.assigned", "incident.retried", "service.failed"})
DOCUMENT_KINDS = {
    "receipt": N_("受理回执"),
    "supplement_notice": N_("一次性告知书"),
    "decline_notice": N_("不予受理通知书"),
    "decision_approved": N_("准予许可决定书"),
    "decision_rejected": N_("不予许可决定书"),
    "certificate": N_("证照"),
    "payment_notice": N_("缴款通知书"),
}


def booking_state_label(state: str) -> str:
    try:
        return gettext(BOOKING_STATE_LABELS[BookingState(state)])
    except ValueError:
        return state


def action_label(event: AuditEvent) -> str:
    detail = event.detail or {}
    if event.action == "submitted" and detail.get("received_at"):
        # 代收代办: the community station took it in and forwarded it to the centre that accepts it.
        return gettext(
            "%(station)s代收，转交%(centre)s受理", station=detail["received_at"], centre=detail.get("centre", "")
        )
    if event.action == "window_review.completed":
        decision = detail.get("decision") or {}
        if decision.get("decision") == "accept" and decision.get("deferred_materials"):
            return gettext("容缺受理（待补：%(materials)s）", materials="、".join(decision["deferred_materials"]))
        return gettext(WINDOW_DECISIONS.get(decision.get("decision", ""), N_("窗口审查")))
    if event.action == "document.issued":
        kind = gettext(DOCUMENT_KINDS.get(detail.get("kind", ""), N_("文书")))
        return gettext("签发%(kind)s", kind=kind)
    if event.action in FIXED:
        return gettext(FIXED[event.action])
    if event.action.endswith(".completed"):
        decision = detail.get("decision") or {}
        verdict = {True: N_("同意"), False: N_("不同意")}.get(decision.get("approved"), N_("办理"))
        return gettext("%(task)s：%(verdict)s", task=detail.get("task_name", event.action), verdict=gettext(verdict))
    return gettext("办件记录")  # a new kind of event is named plainly, never by its code
