"""Cases through the platform process: accept, supplement loop, decline, reject, parallel departments."""

from __future__ import annotations

import pytest

from tests.unit.workflows.helpers import ACCEPT, APPROVE, BPMN, ISSUE, REJECT, complete, ready, ready_ids, spec
from workflows import DecisionError, TaskNotReady, case_spec, compile_approval, restore_case, start_case


def test_start_waits_at_the_window():
    case = start_case(spec("promised"), {"amount": 5000})
    [task] = case.ready_user_tasks()
    assert (task.element_id, task.name, task.lane, task.form_file, task.ui_file) == (
        "window_review",
        "综合窗口受理",
        "window",
        "window_review.schema.json",
        "window_review.ui.json",
    )
    assert task.process_id == "one_window" and task.in_item is False
    assert case.data["form"] == {"amount": 5000}
    assert case.outcome is None and not case.is_completed


def test_promised_item_accepted_and_approved():
    case = start_case(spec("promised"), {"amount": 5000})
    complete(case, "window_review", ACCEPT)
    task = ready(case, "market_review")
    assert (task.lane, task.in_item, task.process_id, task.form_file) == (
        "scjg",
        True,
        "food_business_licence",
        "review.schema.json",
    )
    complete(case, "market_review", APPROVE)
    assert case.data["approved"] is True
    assert ready_ids(case) == ["output_issue"]
    complete(case, "output_issue", ISSUE)
    assert case.is_completed and case.outcome == "approved"
    assert [s["element_id"] for s in case.completed_steps()] == ["window_review", "market_review", "output_issue"]
    assert [s["lane"] for s in case.completed_steps()] == ["window", "scjg", "output"]


def test_department_reject_finishes_as_rejected():
    case = start_case(spec("promised"), {"amount": 5000})
    complete(case, "window_review", ACCEPT)
    complete(case, "market_review", REJECT)
    assert case.data["approved"] is False
    complete(case, "output_issue", ISSUE)  # the rejection notice is still issued at the output window
    assert case.outcome == "rejected"


def test_condition_on_form_skips_department():
    case = start_case(spec("promised"), {"amount": 10})
    complete(case, "window_review", ACCEPT)
    assert ready_ids(case) == ["output_issue"]
    assert case.data["approved"] is True


def test_supplement_loop_then_accept():
    case = start_case(spec("promised"), {"amount": 5000, "name": "张三"})
    complete(case, "window_review", {"decision": "supplement", "reason": "缺营业执照"})
    task = ready(case, "applicant_supplement")
    assert task.lane == "applicant" and task.in_item is False
    case.update_form({"amount": 6000, "name": "张三"})
    complete(case, "applicant_supplement", {"answer": "已补交"})
    assert ready_ids(case) == ["window_review"]
    assert case.data["form"]["amount"] == 6000
    complete(case, "window_review", ACCEPT)
    complete(case, "market_review", APPROVE)
    complete(case, "output_issue", ISSUE)
    assert case.outcome == "approved"
    steps = [s["element_id"] for s in case.completed_steps()]
    assert steps == ["window_review", "applicant_supplement", "window_review", "market_review", "output_issue"]


def test_update_form_refused_during_approval():
    case = start_case(spec("promised"), {"amount": 5000})
    complete(case, "window_review", ACCEPT)
    with pytest.raises(TaskNotReady):
        case.update_form({"amount": 1})


def test_decline():
    case = start_case(spec("joint"), {})
    complete(case, "window_review", {"decision": "decline", "reason": "不属于本中心受理范围"})
    assert case.is_completed and case.outcome == "declined"
    assert case.ready_user_tasks() == []


def test_unknown_window_decision_refused():
    case = start_case(spec("joint"), {})
    task = ready(case, "window_review")
    with pytest.raises(DecisionError):
        case.complete_task(task.task_id, {"decision": "declined"})
    assert ready(case, "window_review").task_id == task.task_id  # nothing moved


@pytest.mark.parametrize("order", [("market_review", "health_review"), ("health_review", "market_review")])
def test_joint_item_parallel_branches_in_either_order(order):
    case = start_case(spec("joint"), {})
    complete(case, "window_review", ACCEPT)
    assert ready_ids(case) == ["health_review", "market_review"]
    assert {t.lane for t in case.ready_user_tasks()} == {"scjg", "wsjk"}
    first, second = order
    complete(case, first, APPROVE)
    assert ready_ids(case) == [second]  # the join waits; nothing advanced yet
    complete(case, second, {"approved": True, "opinion": "卫生合格"})
    assert ready_ids(case) == ["output_issue"]  # advanced exactly once
    data = case.data
    assert data["market_review"]["approved"] and data["health_review"]["approved"]  # both kept, namespaced
    complete(case, "output_issue", ISSUE)
    assert case.outcome == "approved"
    assert [s["element_id"] for s in case.completed_steps()].count("output_issue") == 1


def test_joint_item_one_department_rejects():
    case = start_case(spec("joint"), {})
    complete(case, "window_review", ACCEPT)
    complete(case, "health_review", REJECT)
    complete(case, "market_review", APPROVE)
    assert case.data["approved"] is False
    complete(case, "output_issue", ISSUE)
    assert case.outcome == "rejected"


def test_immediate_item_goes_straight_to_output():
    case = start_case(spec("immediate"), {"copies": 4})
    complete(case, "window_review", ACCEPT)
    assert ready_ids(case) == ["output_issue"]
    assert case.data["approved"] is True
    assert case.data["fee"] == 2  # set by the item's sandboxed script task
    complete(case, "output_issue", ISSUE)
    assert case.outcome == "approved"


def test_item_process_setting_approved_wins():
    text = (BPMN / "immediate_item.bpmn").read_text().replace("fee = 0 if", "approved = copies &lt;= 10\nfee = 0 if")
    pkg = compile_approval({"i.bpmn": text.encode()}, process_id="residence_certificate_copy", departments=set())
    case = start_case(case_spec("immediate-approved-by-script", pkg.to_json()), {"copies": 20})
    complete(case, "window_review", ACCEPT)
    assert case.data["approved"] is False
    complete(case, "output_issue", ISSUE)
    assert case.outcome == "rejected"


def test_called_item_runs_nested_process():
    case = start_case(spec("called"), {})
    complete(case, "window_review", ACCEPT)
    task = ready(case, "site_check")
    assert task.in_item and task.process_id == "site_inspection" and task.lane == "cgj"
    complete(case, "site_check", REJECT)
    complete(case, "urban_review", APPROVE)
    assert case.data["approved"] is False  # the nested decision counts
    complete(case, "output_issue", ISSUE)
    assert case.outcome == "rejected"


def test_double_completion_and_unknown_ids_raise_task_not_ready():
    case = start_case(spec("joint"), {})
    task = ready(case, "window_review")
    case.complete_task(task.task_id, ACCEPT)
    with pytest.raises(TaskNotReady):
        case.complete_task(task.task_id, ACCEPT)
    with pytest.raises(TaskNotReady):
        case.complete_task("not-a-uuid", ACCEPT)
    with pytest.raises(TaskNotReady):
        case.complete_task("00000000-0000-0000-0000-000000000000", ACCEPT)


def test_cancelled_branch_task_not_ready():
    # after a decline, a stale window task id from a restored earlier state is not completable in the new state
    s = spec("promised")
    case = start_case(s, {"amount": 5000})
    task = ready(case, "window_review")
    case.complete_task(task.task_id, {"decision": "decline", "reason": "x"})
    with pytest.raises(TaskNotReady):
        restore_case(s, case.dumps()).complete_task(task.task_id, ACCEPT)
