"""A bundle's generated orchestration run by SpiffWorkflow: one acceptance, members in parallel, one issue."""

from __future__ import annotations

import itertools

import pytest

from tests.unit.workflows.helpers import ACCEPT, APPROVE, ISSUE, REJECT, package
from workflows import BpmnError, case_spec, restore_case, start_case
from workflows.bundle_process import BundleMember, compose_orchestration, member_result

_keys = itertools.count()


def _members() -> list[BundleMember]:
    return [
        BundleMember("FOOD", "食品经营许可", "scjg", package("promised")),
        BundleMember("HOTEL", "开办餐馆（联办）", "wsjk", package("joint")),
        BundleMember("SIGN", "户外招牌设置许可", "cgj", package("called")),
    ]


def _bundle(all_or_nothing: bool = False):
    source = compose_orchestration("bundle_restaurant", "开办餐饮店", _members(), all_or_nothing)
    return case_spec(f"bundle:{next(_keys)}", source)


def _tasks(case, element_id):
    return [t for t in case.ready_user_tasks() if t.element_id == element_id]


def _accepted(spec):
    case = start_case(spec, {"amount": 5000})
    [window] = case.ready_user_tasks()
    assert (window.element_id, window.lane) == ("window_review", "window")
    case.complete_task(window.task_id, ACCEPT)
    return case


def test_every_member_runs_in_parallel_after_one_acceptance():
    case = _accepted(_bundle())
    ready = sorted((t.element_id, t.lane, t.process_id) for t in case.ready_user_tasks())
    assert ready == [
        ("health_review", "wsjk", "restaurant_opening"),
        ("market_review", "scjg", "food_business_licence"),
        ("market_review", "scjg", "restaurant_opening"),
        ("site_check", "cgj", "site_inspection"),  # the sign permit's own call activity, before its review
    ]


def _decide_all(case, refuse_process: str | None):
    while True:
        open_tasks = [t for t in case.ready_user_tasks() if t.lane not in ("window", "output")]
        if not open_tasks:
            return
        task = open_tasks[0]
        refuse = task.process_id == refuse_process or (task.process_id, refuse_process) == (
            "site_inspection",
            "shop_sign_permit",
        )
        case.complete_task(task.task_id, REJECT if refuse else APPROVE)


def test_a_refused_member_does_not_block_the_others():
    case = _accepted(_bundle())
    _decide_all(case, refuse_process="restaurant_opening")
    assert [t.element_id for t in case.ready_user_tasks()] == ["output_issue"]
    data = case.data
    assert (member_result(data, "FOOD"), member_result(data, "HOTEL"), member_result(data, "SIGN")) == (
        True,
        False,
        True,
    )
    assert data["approved"] is True
    [issue] = case.ready_user_tasks()
    case.complete_task(issue.task_id, ISSUE)
    assert case.outcome == "approved"


def test_all_or_nothing_refuses_everything_when_one_member_is_refused():
    case = _accepted(_bundle(all_or_nothing=True))
    _decide_all(case, refuse_process="shop_sign_permit")
    assert member_result(case.data, "FOOD") is True and member_result(case.data, "SIGN") is False
    assert case.data["approved"] is False
    [issue] = case.ready_user_tasks()
    case.complete_task(issue.task_id, ISSUE)
    assert case.outcome == "rejected"


def test_the_state_survives_a_save_between_member_decisions():
    spec = _bundle()
    case = _accepted(spec)
    first = _tasks(case, "site_check")[0]
    case.complete_task(first.task_id, APPROVE)
    case = restore_case(spec, case.dumps())
    assert member_result(case.data, "SIGN") is None  # its site check is still open
    _decide_all(case, refuse_process=None)
    assert all(member_result(case.data, key) for key in ("FOOD", "HOTEL", "SIGN"))


def test_members_with_the_same_process_cannot_be_bundled():
    twice = [BundleMember("A", "甲", "scjg", package("promised")), BundleMember("B", "乙", "scjg", package("promised"))]
    with pytest.raises(BpmnError, match="流程编号 food_business_licence"):
        compose_orchestration("bundle_x", "重复", twice, False)
