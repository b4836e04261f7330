"""The pure rules of the one-window steps and of who may work a step."""

from __future__ import annotations

from app.domain.actors import Caller, Role
from app.domain.one_window import reason_problem
from app.domain.task_rights import work_refusal


def _caller(user_id: int, *roles: str, department: str | None = None) -> Caller:
    return Caller(user_id, f"u{user_id}", f"用户{user_id}", None, department, frozenset(roles))


def test_a_supplement_or_decline_needs_a_reason_and_acceptance_does_not():
    assert reason_problem("window_review", {"decision": "supplement", "reason": " "}) == {
        "reason": ["补正或不予受理时请填写理由"]
    }
    assert reason_problem("window_review", {"decision": "decline"})
    assert reason_problem("window_review", {"decision": "accept"}) == {}
    assert reason_problem("wsjk_review", {"decision": "decline"}) == {}


def test_window_steps_belong_to_clerks_and_department_steps_to_that_departments_approvers():
    clerk = _caller(1, Role.WINDOW_CLERK)
    approver = _caller(2, Role.APPROVER, department="wsjk")
    other = _caller(3, Role.APPROVER, department="scjg")
    rights = {"applicant_id": 9, "assignee_id": None, "assignee_name": None}
    assert work_refusal("window", clerk, **rights) is None
    assert work_refusal("output", approver, **rights) == "只有综合窗口人员可以办理此步骤"
    assert work_refusal("wsjk", approver, **rights) is None
    assert work_refusal("wsjk", other, **rights) == "此任务属于其他部门"
    assert work_refusal("applicant", _caller(9), **rights) is None
    assert work_refusal("applicant", clerk, **rights) == "只有申请人本人可以补正"


def test_a_claimed_step_belongs_to_whoever_claimed_it():
    approver = _caller(2, Role.APPROVER, department="wsjk")
    claimed = {"applicant_id": 9, "assignee_id": 5, "assignee_name": "王审批"}
    assert work_refusal("wsjk", approver, **claimed) == "任务已由王审批认领"
    assert work_refusal("wsjk", _caller(5, Role.APPROVER, department="wsjk"), **claimed) is None
