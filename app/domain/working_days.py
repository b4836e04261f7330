"""The working-day clock: limits are counted in working days, with the calendar passed in."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date, timedelta

IsWorkday = Callable[[date], bool]


class Light(enum.StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


def add_working_days(start: date, days: int, is_workday: IsWorkday) -> date:
    """The date `days` working days after `start` (the day of acceptance does not count).

    Zero days means the same day (immediate items are due on the day they are accepted).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, is_workday: IsWorkday) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_workday(current):
            count += 1
    return count


def light_for(due: date | None, today: date, is_workday: IsWorkday) -> Light:
    """Green while in time, yellow on the last working day, red when overdue."""
    if due is None:
        return Light.GREEN
    if today > due:
        return Light.RED
    if today == due or working_days_between(today, due, is_workday) == 0:
        return Light.YELLOW
    return Light.GREEN
