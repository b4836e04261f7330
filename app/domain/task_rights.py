"""Who may work a step: plain rules on the step's lane and the person, no Flask, no session."""

from __future__ import annotations

from app.domain.actors import Actor, Role
from app.domain.lifecycle import APPLICANT_LANE, OUTPUT_LANE, WINDOW_LANE


def work_refusal(
    lane: str, actor: Actor, *, applicant_id: int, assignee_id: int | None, assignee_name: str | None
) -> str | None:
    """Why ``actor`` may not claim or complete a step in ``lane`` (None: they may).

    Window and output steps belong to window clerks, supplement answers to the applicant, the rest to the
    approvers of the department the lane names; a claimed step only to the person who claimed it."""
    if lane in (WINDOW_LANE, OUTPUT_LANE):
        if not actor.has_role(Role.WINDOW_CLERK):
            return "只有综合窗口人员可以办理此步骤"
    elif lane == APPLICANT_LANE:
        if applicant_id != actor.id:
            return "只有申请人本人可以补正"
    elif not actor.has_role(Role.APPROVER) or actor.department_code != lane:
        return "此任务属于其他部门"
    if assignee_id is not None and assignee_id != actor.id:
        return f"任务已由{assignee_name or '他人'}认领"
    return None
