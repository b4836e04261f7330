"""Timer events the platform's worker fires: boundary timers on tasks and intermediate timer catch events.

SpiffWorkflow fires a timer whenever anything refreshes the workflow after the wall clock passed its time. Yichuang
wants the background worker to be the only one that fires a timer (once, with an audit event), so these timers are
armed when they start waiting (their fire time is stored in the case state) but fire only when the runner says so
(:meth:`workflows.runner.CaseWorkflow.fire_due_timers`).

A timer's expression is an ISO-8601 duration (``PT2H``, ``P3D``) or, for a timeDate, an ISO-8601 date-time, written
bare or as a quoted string (SpiffArena writes ``"PT10M"``); anything else is a sandboxed expression over the case
data that must give such a string (``form["wait"]``).

A duration of whole days (``P3D``) on an event with the property ``workingDays="true"`` counts working days: the
timer fires when the third working day after it started has ended, on the calendar the case was given
(:func:`workflows.runner.start_case`; Monday–Friday when none was). The modeler's properties panel writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.spiff.parser.event_parsers import SpiffBoundaryEventParser, SpiffIntermediateCatchEventParser

from workflows import sandbox
from workflows.errors import SandboxError
from workflows.properties import is_working_days, whole_days

IsWorkday = Callable[[date], bool]
HALL_TIME = ZoneInfo("Asia/Shanghai")  # working days end at midnight in the hall, not in UTC

ISO_DURATION = re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
_QUOTED = re.compile(r"""^(["'])([^"'\\]*)\1$""")


def literal(expression: str) -> str | None:
    """The ISO-8601 text of a bare or quoted literal timer expression, or None if it is an expression."""
    text = (expression or "").strip()
    quoted = _QUOTED.match(text)
    if quoted:
        text = quoted.group(2).strip()
    if ISO_DURATION.match(text) or _is_datetime(text):
        return text
    return None


def _is_datetime(text: str) -> bool:
    if not text[:1].isdecimal():
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def check_timer(expression: str, kind: str) -> str | None:
    """None if the timer expression can run, else what is wrong with it (for publish-time validation)."""
    if not (expression or "").strip():
        return "定时器没有时长或日期：请填写时长，如 P3D（3 天）或按工作日计 (timer has no duration or date)"
    text = literal(expression)
    if text is not None:
        if kind == "timeDuration" and not ISO_DURATION.match(text):
            return (
                f"定时器时长 {expression.strip()!r} 写法有误，应如 PT2H（2 小时）或 P3D（3 天） (timer duration "
                f"{expression.strip()!r} is not an ISO-8601 duration such as PT2H or P3D)"
            )
        if kind == "timeDate" and not _is_datetime(text):
            return (
                f"定时器日期 {expression.strip()!r} 写法有误，应如 2026-12-31T09:00:00+08:00 (timer date "
                f"{expression.strip()!r} is not an ISO-8601 date-time)"
            )
        return None
    if re.match(r"^[\"']?P\d", expression.strip()):
        return (
            f"定时器时长 {expression.strip()!r} 写法有误，应如 PT2H（2 小时）或 P3D（3 天） (timer duration "
            f"{expression.strip()!r} is not an ISO-8601 duration such as PT2H or P3D)"
        )
    try:
        sandbox.check_expression(expression)
    except SandboxError as exc:
        return f"定时器表达式 {expression.strip()!r} 被拒绝 (timer expression {expression.strip()!r} refused: {exc})"
    return None


def weekdays(day: date) -> bool:
    return day.weekday() < 5


def after_working_days(start: datetime, days: int, is_workday: IsWorkday) -> datetime:
    """The end (hall midnight, as UTC) of the ``days``-th working day after the hall's date of ``start``."""
    day = start.astimezone(HALL_TIME).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_workday(day):
            counted += 1
    return datetime.combine(day + timedelta(days=1), time(), HALL_TIME).astimezone(UTC)


def working_days_problem(expression: str) -> str | None:
    """Why a working-day timer's duration cannot be counted in working days, in Chinese, or None."""
    if whole_days(expression) is None or whole_days(expression) == 0:
        return f"按工作日计的定时器须写整天数，如 P3D（3 个工作日），而不是 {(expression or '').strip()!r}"
    return None


def fire_time(task: Any, expression: str, duration: bool, now: datetime) -> datetime:
    """When the timer of ``task`` fires, counted from ``now`` (aware, UTC)."""
    text = literal(expression)
    if text is None:
        value = task.workflow.script_engine.evaluate(task, expression)
        text = literal(str(value)) if isinstance(value, str) else None
        if text is None:
            raise SandboxError(f"timer expression {expression!r} gave {value!r}, not an ISO-8601 duration or date")
    if duration:
        parsed = TimerEventDefinition.parse_iso_duration(text)
        return now + TimerEventDefinition.get_timedelta_from_start(parsed, now)
    return TimerEventDefinition.get_datetime(text)


class _ArmedTimer:
    """Mixin: arm on first update (store the fire time), fire only when the runner set ``event_fired``."""

    expression: str
    duration = True
    working_days = False  # set by the parser from the event's workingDays property

    def has_fired(self, my_task: Any) -> bool:
        if my_task._get_internal_data("event_value") is None:
            days = whole_days(self.expression) if self.working_days else None
            if days is not None:
                is_workday = getattr(my_task.workflow.top_workflow, "is_workday", None) or weekdays
                fire_at = after_working_days(datetime.now(UTC), days, is_workday)
            else:
                fire_at = fire_time(my_task, self.expression, self.duration, datetime.now(UTC))
            my_task._set_internal_data(event_value=fire_at.isoformat())
        return bool(my_task._get_internal_data("event_fired", False))

    @staticmethod
    def fire_at(my_task: Any) -> datetime | None:
        value = my_task._get_internal_data("event_value")
        return datetime.fromisoformat(value) if value else None


class PlatformDurationTimer(_ArmedTimer, DurationTimerEventDefinition):
    """A timeDuration timer fired by the worker."""


class PlatformDateTimer(_ArmedTimer, TimeDateEventDefinition):
    """A timeDate timer fired by the worker."""

    duration = False


PLATFORM_TIMERS = (PlatformDurationTimer, PlatformDateTimer)


class _PlatformTimerParsing:
    def parse_timer_event(self, event: Any) -> Any:
        parsed = super().parse_timer_event(event)  # type: ignore[misc]
        if isinstance(parsed, DurationTimerEventDefinition):
            timer = PlatformDurationTimer(parsed.name, parsed.expression, description=parsed.description)
            timer.working_days = is_working_days(self.parse_extensions().get("properties", {}))  # type: ignore[attr-defined]
            return timer
        if isinstance(parsed, TimeDateEventDefinition):
            return PlatformDateTimer(parsed.name, parsed.expression, description=parsed.description)
        return parsed  # cycle timers are refused at publish


class BoundaryEventParser(_PlatformTimerParsing, SpiffBoundaryEventParser):
    """Boundary events whose timers the worker fires."""


class IntermediateCatchEventParser(_PlatformTimerParsing, SpiffIntermediateCatchEventParser):
    """Intermediate catch events whose timers the worker fires."""
