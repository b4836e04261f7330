"""A user task's own limit in working days (limitDays): read in one place, checked at publish, reported for the
ready steps of a running case."""

from __future__ import annotations

import pytest

from tests.unit.workflows.helpers import ACCEPT, BPMN, DEPARTMENTS, FORMS, complete
from workflows import BpmnError, case_spec, compile_approval, start_case
from workflows.step_limits import LIMIT_PROPERTY, StepLimitError, step_limit_days

FORM_PROPERTY = '<spiffworkflow:property name="formJsonSchemaFilename" value="review.schema.json" />'


def _joint_with(market: str | None, health: str | None) -> bytes:
    """The test joint item with ``limitDays`` on its two department steps (None: no property)."""
    text = (BPMN / "joint_item.bpmn").read_text()
    parts = text.split(FORM_PROPERTY)
    assert len(parts) == 3, "joint_item.bpmn has two department steps"
    limits = [market, health]
    out = parts[0]
    for index, rest in enumerate(parts[1:]):
        extra = "" if limits[index] is None else f'<spiffworkflow:property name="limitDays" value="{limits[index]}" />'
        out += FORM_PROPERTY + extra + rest
    return out.encode()


def _compile(market: str | None, health: str | None):
    return compile_approval(
        {"joint.bpmn": _joint_with(market, health)},
        process_id="restaurant_opening",
        departments=DEPARTMENTS,
        form_files=FORMS,
    )


@pytest.mark.parametrize(("value", "days"), [(None, None), ("", None), ("0", 0), ("3", 3), (" 12 ", 12), ("365", 365)])
def test_a_limit_is_a_whole_number_of_working_days(value, days):
    properties = {} if value is None else {LIMIT_PROPERTY: value}
    assert step_limit_days(properties) == days


@pytest.mark.parametrize("value", ["-1", "2.5", "三", "3天", "366", "¹", "３"])
def test_anything_else_is_refused_with_the_value(value):
    with pytest.raises(StepLimitError) as info:
        step_limit_days({LIMIT_PROPERTY: value})
    assert repr(value.strip()) in str(info.value) and "working days" in str(info.value)


def test_publishing_names_the_step_with_a_bad_limit():
    with pytest.raises(BpmnError) as info:
        _compile("3", "5天")
    assert [p.element_id for p in info.value.problems] == ["health_review"]
    assert "limitDays '5天'" in info.value.problems[0].message


def test_a_running_case_reports_the_ready_steps_own_limits():
    case = start_case(case_spec("step-limits:joint", _compile("2", None).to_json()), {"area": 10})
    assert case.ready_step_limits() == {}  # the window's step runs on the case's limit
    complete(case, "window_review", ACCEPT)
    by_element = {t.element_id: t.task_id for t in case.ready_user_tasks()}
    assert set(by_element) == {"market_review", "health_review"}
    assert case.ready_step_limits() == {by_element["market_review"]: 2}


def test_a_bundles_member_branches_run_on_their_own_steps_limits():
    """一件事: each member calls its own published approval, so its steps keep the limits written on them."""
    from tests.unit.workflows.helpers import package
    from workflows.bundle_process import BundleMember, compose_orchestration

    members = [
        BundleMember("FOOD", "食品经营许可", "scjg", package("promised")),
        BundleMember("HOTEL", "开办餐馆（联办）", "wsjk", _compile("2", "4")),
    ]
    source = compose_orchestration("bundle_with_limits", "开办餐饮店", members, False)
    case = start_case(case_spec("step-limits:bundle", source), {"area": 10, "amount": 5000})
    complete(case, "window_review", ACCEPT)
    limits = case.ready_step_limits()
    by_task = {t.task_id: (t.process_id, t.element_id) for t in case.ready_user_tasks()}
    assert sorted(by_task[task_id] + (days,) for task_id, days in limits.items()) == [
        ("restaurant_opening", "health_review", 4),
        ("restaurant_opening", "market_review", 2),
    ]
    assert ("food_business_licence", "market_review") in by_task.values()  # no limit of its own: the case's
