"""Human words for audit events on timelines (the data keeps the machine words)."""

from __future__ import annotations

from flask_babel import gettext

from app.domain.lifecycle import N_
from app.models import AuditEvent

WINDOW_DECISIONS = {"accept": N_("窗口受理"), "supplement": N_("一次性告知补正"), "decline": N_("不予受理")}
FIXED = {
    "submitted": N_("提交申请"),
    "task_claimed": N_("认领任务"),
    "applicant_supplement.completed": N_("申请人提交补正"),
    "output_issue.completed": N_("出件"),
}


def action_label(event: AuditEvent) -> str:
    detail = event.detail or {}
    if event.action == "window_review.completed":
        return gettext(WINDOW_DECISIONS.get((detail.get("decision") or {}).get("decision", ""), N_("窗口审查")))
    if event.action in FIXED:
        return gettext(FIXED[event.action])
    if event.action.endswith(".completed"):
        decision = detail.get("decision") or {}
        verdict = {True: N_("同意"), False: N_("不同意")}.get(decision.get("approved"), N_("办理"))
        return gettext("%(task)s：%(verdict)s", task=detail.get("task_name", event.action), verdict=gettext(verdict))
    return event.action
