"""What the modeler's properties panel writes is what publishing checks and the engine reads: timers counted in
working days, conditions checked against the item's fields. (A step's own limit, limitDays, is the clock's:
workflows/step_limits.py and its tests.)"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.unit.workflows.helpers import ACCEPT, complete, files
from workflows import BpmnError, case_spec, compile_approval, start_case
from workflows.condition_check import check_condition, names_in_model, refusal_text
from workflows.timers import HALL_TIME, after_working_days

FORMS = {"review.schema.json", "review.ui.json"}
WAIT = files("timer_wait_item.bpmn")["timer_wait_item.bpmn"]
WORKING_DAYS = b"""<spiffworkflow:properties><spiffworkflow:property name="workingDays" value="true" />
        </spiffworkflow:properties>"""


def publish(text: bytes):
    return compile_approval(
        {"w.bpmn": text}, process_id="publicity_period_item", departments={"scjg"}, form_files=FORMS
    )


def with_step_limit(value: str) -> bytes:
    return WAIT.replace(
        b'<spiffworkflow:property name="formUiSchemaFilename" value="review.ui.json" />',
        b'<spiffworkflow:property name="formUiSchemaFilename" value="review.ui.json" />'
        + f'<spiffworkflow:property name="limitDays" value="{value}" />'.encode(),
    )


def working_day_timer(duration: bytes = b"P3D") -> bytes:
    return WAIT.replace(
        b'<bpmn:intermediateCatchEvent id="cooling_off" name="\xe5\x85\xac\xe7\xa4\xba\xe6\x9c\x9f1\xe5\xa4\xa9">',
        b'<bpmn:intermediateCatchEvent id="cooling_off" name="wait"><bpmn:extensionElements>'
        + WORKING_DAYS
        + b"</bpmn:extensionElements>",
    ).replace(b">P1D<", b">" + duration + b"<")


def test_working_days_skip_weekends_and_holidays():
    friday = datetime(2025, 9, 26, 10, 0, tzinfo=HALL_TIME)
    national_day = {date(2025, 10, d) for d in range(1, 9)}

    def is_workday(day: date) -> bool:
        return day.weekday() < 5 and day not in national_day or day == date(2025, 9, 28)  # a make-up Sunday

    fire = after_working_days(friday.astimezone(UTC), 3, is_workday)
    # Sunday 28 (make-up), Monday 29, Tuesday 30: fires at the end of the 30th, hall time
    assert fire == datetime(2025, 10, 1, tzinfo=HALL_TIME).astimezone(UTC)


def test_working_day_timer_uses_the_case_calendar():
    package = publish(working_day_timer())
    nothing_works = {date.today() + timedelta(days=n) for n in range(0, 30)}
    calendar_days = []

    def is_workday(day: date) -> bool:
        calendar_days.append(day)
        return day not in nothing_works

    case = start_case(case_spec("wd:1", package.to_json()), {"applicant": "张三"}, is_workday)
    complete(case, "window_review", ACCEPT)
    [timer] = case.due_timers()
    assert calendar_days, "the case's calendar was asked"
    assert timer.fire_at > datetime.now(UTC) + timedelta(days=30)
    weekday_case = start_case(case_spec("wd:2", package.to_json()), {"applicant": "张三"})
    complete(weekday_case, "window_review", ACCEPT)
    [plain] = weekday_case.due_timers()
    assert timedelta(days=3) <= plain.fire_at - datetime.now(UTC) <= timedelta(days=6)


@pytest.mark.parametrize("duration", [b"PT2H", b"P1W", b"P0D"])
def test_working_day_timer_must_be_whole_days(duration):
    with pytest.raises(BpmnError) as info:
        publish(working_day_timer(duration))
    [found] = info.value.problems
    assert found.element_id == "cooling_off" and "整天数" in found.message


SCHEMA = {"properties": {"area": {"type": "number"}, "owner": {"type": "object", "properties": {"name": {}}}}}
DECISIONS = {"review.schema.json": {"properties": {"approved": {"type": "boolean"}, "opinion": {}}}}


def names():
    return names_in_model(with_step_limit("5").decode(), SCHEMA, DECISIONS)


@pytest.mark.parametrize(
    "condition",
    [
        'form["area"] > 10',
        'form.get("area", 0) > 10',
        "form.owner.name == '张三'",
        'market_review["approved"]',
        "market_review.approved and len(form) > 0",
        "all(x > 1 for x in [2, 3])",
    ],
)
def test_conditions_over_known_fields_pass(condition):
    assert check_condition(condition, names()) == []


@pytest.mark.parametrize(
    ("condition", "fragment"),
    [
        ('form["aera"] > 10', "申请表没有字段“aera”（是否应为“area”？）"),
        ('market_review["aproved"]', "没有字段“aproved”（是否应为“approved”？）"),
        ('frm["area"] > 10', "未知的名称“frm”（是否应为“form”？）"),
        ("open('/etc/passwd')", "不允许使用 open"),
        ("form['area'] > ", "写法有误"),
        ("lambda: 1", "lambda"),
        ("", "条件为空"),
    ],
)
def test_unknown_fields_and_refused_constructs_named_in_chinese(condition, fragment):
    problems = check_condition(condition, names())
    assert problems and fragment in problems[0], problems


def test_refusal_text_keeps_the_engine_words_after_ours():
    text = refusal_text("calling 'exec' is not allowed (line 1)")
    assert text.startswith("不允许调用 exec") and text.endswith("（calling 'exec' is not allowed (line 1)）")
