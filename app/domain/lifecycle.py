"""The case lifecycle as a status enum plus a transition table; plain Python, no Flask, no session."""

from __future__ import annotations

import enum
from collections.abc import Iterable


class CaseStatus(enum.StrEnum):
    SUBMITTED = "submitted"  # 待受理
    SUPPLEMENT = "supplement"  # 补正中
    IN_APPROVAL = "in_approval"  # 审批中
    AWAITING_ISSUE = "awaiting_issue"  # 待出件
    ISSUED = "issued"  # 已出件（准予）
    REJECTED = "rejected"  # 不予许可（已送达决定）
    DECLINED = "declined"  # 不予受理


def N_(text: str) -> str:  # noqa: N802 - marks a word for translation where it is shown, not here
    return text


STATUS_LABELS_ZH = {
    CaseStatus.SUBMITTED: N_("待受理"),
    CaseStatus.SUPPLEMENT: N_("待补正"),
    CaseStatus.IN_APPROVAL: N_("审批中"),
    CaseStatus.AWAITING_ISSUE: N_("待出件"),
    CaseStatus.ISSUED: N_("已出件"),
    CaseStatus.REJECTED: N_("不予许可"),
    CaseStatus.DECLINED: N_("不予受理"),
}

# What happens now, in the applicant's words: the receipt and the case page say it, never a stale sentence.
STATUS_NEXT_STEP = {
    CaseStatus.SUBMITTED: N_("窗口工作人员将在 1 个工作日内完成受理审查。"),
    CaseStatus.SUPPLEMENT: N_("请按一次性告知的内容修改或补充材料后重新提交；补正期间暂停计时。"),
    CaseStatus.IN_APPROVAL: N_("已受理，正在由部门审批。"),
    CaseStatus.AWAITING_ISSUE: N_("审批已完成，正在由出件窗口发放结果。"),
    CaseStatus.ISSUED: N_("已办结：结果已发放。"),
    CaseStatus.REJECTED: N_("已办结：不予许可，决定书已送达。"),
    CaseStatus.DECLINED: N_("不予受理，原因见不予受理通知书。"),
}

FINAL = frozenset({CaseStatus.ISSUED, CaseStatus.REJECTED, CaseStatus.DECLINED})

TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.SUBMITTED: frozenset(
        {CaseStatus.SUPPLEMENT, CaseStatus.DECLINED, CaseStatus.IN_APPROVAL, CaseStatus.AWAITING_ISSUE}
    ),
    CaseStatus.SUPPLEMENT: frozenset({CaseStatus.SUBMITTED}),
    CaseStatus.IN_APPROVAL: frozenset({CaseStatus.AWAITING_ISSUE}),
    CaseStatus.AWAITING_ISSUE: frozenset({CaseStatus.ISSUED, CaseStatus.REJECTED}),
    CaseStatus.ISSUED: frozenset(),
    CaseStatus.REJECTED: frozenset(),
    CaseStatus.DECLINED: frozenset(),
}


class TaskState(enum.StrEnum):
    """Where one step (a BPMN user task copied into human_task) stands."""

    READY = "ready"  # 待办: waiting for someone to claim or complete it
    CLAIMED = "claimed"  # 已认领: one person has taken it
    COMPLETED = "completed"  # 已办结
    CANCELLED = "cancelled"  # 已撤销: the workflow moved on without it (a parallel branch ended the case)


# States of a task someone still has to work: the partial indexes on human_task and TASK_IS_OPEN spell them in SQL.
OPEN_TASK_STATES = (TaskState.READY, TaskState.CLAIMED)

# Platform lanes of the one-window process; every other lane names a department code.
WINDOW_LANE = "window"
APPLICANT_LANE = "applicant"
OUTPUT_LANE = "output"
PLATFORM_LANES = frozenset({WINDOW_LANE, APPLICANT_LANE, OUTPUT_LANE})


LANE_LABELS = {
    APPLICANT_LANE: N_("申请人"),
    WINDOW_LANE: N_("综合窗口"),
    OUTPUT_LANE: N_("出件窗口"),
    "approval": N_("部门审批"),
}
TASK_STATE_LABELS = {
    TaskState.READY: N_("待办"),
    TaskState.CLAIMED: N_("办理中"),
    TaskState.COMPLETED: N_("已办结"),
    TaskState.CANCELLED: N_("已撤销"),
}


class TransitionError(Exception):
    """The engine moved a case in a way the lifecycle does not allow."""

    def __init__(self, current: CaseStatus, target: CaseStatus) -> None:
        super().__init__(f"case cannot move from {current.value} to {target.value}")
        self.current = current
        self.target = target


def status_from_workflow(ready_lanes: Iterable[str], completed: bool, outcome: str | None) -> CaseStatus:
    """Derive the case status from where its workflow waits (or how it ended)."""
    if completed:
        if outcome == "declined":
            return CaseStatus.DECLINED
        if outcome == "rejected":
            return CaseStatus.REJECTED
        return CaseStatus.ISSUED
    lanes = set(ready_lanes)
    if APPLICANT_LANE in lanes:
        return CaseStatus.SUPPLEMENT
    if WINDOW_LANE in lanes:
        return CaseStatus.SUBMITTED
    if OUTPUT_LANE in lanes:
        return CaseStatus.AWAITING_ISSUE
    return CaseStatus.IN_APPROVAL


def check_transition(current: CaseStatus, target: CaseStatus) -> None:
    """Raise TransitionError unless moving from current to target is allowed (staying put always is)."""
    if current != target and target not in TRANSITIONS[current]:
        raise TransitionError(current, target)
