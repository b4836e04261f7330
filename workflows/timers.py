"""Timer events the platform's worker fires: boundary timers on tasks and intermediate timer catch events.

SpiffWorkflow fires a timer whenever anything refreshes the workflow after the wall clock passed its time. Yichuang
wants the background worker to be the only one that fires a timer (once, with an audit event), so these timers are
armed when they start waiting (their fire time is stored in the case state) but fire only when the runner says so
(:meth:`workflows.runner.CaseWorkflow.fire_due_timers`).

A timer's expression is an ISO-8601 duration (``PT2H``, ``P3D``) or, for a timeDate, an ISO-8601 date-time, written
bare or as a quoted string (SpiffArena writes ``"PT10M"``); anything else is a sandboxed expression over the case
data that must give such a string (``form["wait"]``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.spiff.parser.event_parsers import SpiffBoundaryEventParser, SpiffIntermediateCatchEventParser

from workflows import sandbox
from workflows.errors import SandboxError

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
    text = literal(expression)
    if text is not None:
        if kind == "timeDuration" and not ISO_DURATION.match(text):
            return f"timer duration {expression.strip()!r} is not an ISO-8601 duration such as PT2H or P3D"
        if kind == "timeDate" and not _is_datetime(text):
            return f"timer date {expression.strip()!r} is not an ISO-8601 date-time"
        return None
    if re.match(r"^[\"']?P\d", expression.strip()):
        return f"timer duration {expression.strip()!r} is not an ISO-8601 duration such as PT2H or P3D"
    try:
        sandbox.check_expression(expression)
    except SandboxError as exc:
        return f"timer expression {expression.strip()!r} refused: {exc}"
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

    def has_fired(self, my_task: Any) -> bool:
        if my_task._get_internal_data("event_value") is None:
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
            return PlatformDurationTimer(parsed.name, parsed.expression, description=parsed.description)
        if isinstance(parsed, TimeDateEventDefinition):
            return PlatformDateTimer(parsed.name, parsed.expression, description=parsed.description)
        return parsed  # cycle timers are refused at publish


class BoundaryEventParser(_PlatformTimerParsing, SpiffBoundaryEventParser):
    """Boundary events whose timers the worker fires."""


class IntermediateCatchEventParser(_PlatformTimerParsing, SpiffIntermediateCatchEventParser):
    """Intermediate catch events whose timers the worker fires."""
