"""Human words for audit events on timelines (the data keeps the machine words)."""

from __future__ import annotations

from app.models import AuditEvent

WINDOW_DECISIONS = {"accept": "窗口受理", "supplement": "一次性告知补正", "decline": "不予受理"}
FIXED = {
    "submitted": "提交申请",
    "task_claimed": "认领任务",
    "applicant_supplement.completed": "申请人提交补正",
    "output_issue.completed": "出件",
}


def action_label(event: AuditEvent) -> str:
    detail = event.detail or {}
    if event.action == "window_review.completed":
        return WINDOW_DECISIONS.get((detail.get("decision") or {}).get("decision", ""), "窗口审查")
    if event.action in FIXED:
        return FIXED[event.action]
    if event.action.endswith(".completed"):
        decision = detail.get("decision") or {}
        verdict = {True: "同意", False: "不同意"}.get(decision.get("approved"), "办理")
        return f"{detail.get('task_name', event.action)}：{verdict}"
    return event.action
