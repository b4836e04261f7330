"""Appointment slots (预约时段) of a centre: from its opening hours and number of windows, on working days only.
Plain rules, no Flask, no session; the calendar's "is this a working day" is passed in."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~至]\s*(\d{1,2}):(\d{2})\s*$")


class HoursError(ValueError):
    """Opening hours that cannot be read; the message says how to write them."""


def parse_hours(text: str | None) -> list[tuple[time, time]]:
    """``"09:00-12:00,13:30-17:00"`` -> the periods, in order. Raises HoursError naming the bad part."""
    periods: list[tuple[time, time]] = []
    for part in re.split(r"[,，;；]", text or ""):
        if not part.strip():
            continue
        match = _PERIOD.match(part)
        if not match:
            raise HoursError(f"办公时间“{part.strip()}”无法识别，请写成 09:00-12:00,13:30-17:00")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise HoursError(f"办公时间“{part.strip()}”不是有效的时刻")
        start, end = time(h1, m1), time(h2, m2)
        if end <= start or (periods and start < periods[-1][1]):
            raise HoursError(f"办公时间“{part.strip()}”须晚于开始时间，且各时段按先后排列、不重叠")
        periods.append((start, end))
    if not periods:
        raise HoursError("请填写办公时间，例如 09:00-12:00,13:30-17:00")
    return periods


@dataclass(frozen=True, slots=True)
class Slot:
    day: date
    starts: time
    ends: time
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def label(self) -> str:
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}"


def day_slots(
    day: date,
    hours: list[tuple[time, time]],
    *,
    slot_minutes: int,
    windows: int,
    booked: Mapping[str, int],
    is_workday: Callable[[date], bool],
    not_before: datetime | None = None,
) -> list[Slot]:
    """The bookable slots of one day: every ``slot_minutes`` of each opening period, ``windows`` citizens per slot
    (one per window), none on a day off (holidays, weekends unless made up, 调休) and none starting before
    ``not_before`` (the hall's local time now). ``booked``: ``"HH:MM"`` -> bookings already held."""
    if not is_workday(day) or slot_minutes <= 0 or windows <= 0:
        return []
    step = timedelta(minutes=slot_minutes)
    slots = []
    for start, end in hours:
        moment = datetime.combine(day, start)
        while moment + step <= datetime.combine(day, end):
            if not_before is None or moment >= not_before:
                key = f"{moment:%H:%M}"
                slots.append(Slot(day, moment.time(), (moment + step).time(), windows, booked.get(key, 0)))
            moment += step
    return slots


def bookable_days(start: date, count: int, is_workday: Callable[[date], bool], horizon: int = 60) -> list[date]:
    """The next ``count`` working days from ``start`` (inclusive), looking at most ``horizon`` days ahead."""
    days = []
    for offset in range(horizon):
        day = start + timedelta(days=offset)
        if is_workday(day):
            days.append(day)
            if len(days) == count:
                break
    return days


def reminder_time(day: date, starts: time, booked_at: datetime) -> datetime:
    """When to remind (hall time): at 18:00 the evening before, or two hours before the slot when the booking
    was made later than that; never before the booking itself."""
    evening_before = datetime.combine(day - timedelta(days=1), time(18, 0))
    if booked_at < evening_before:
        return evening_before
    return max(booked_at, datetime.combine(day, starts) - timedelta(hours=2))
