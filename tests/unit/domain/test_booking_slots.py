"""Appointment slots from a centre's hours and windows, minus days off; when the reminder goes."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.domain.booking_slots import HoursError, bookable_days, day_slots, parse_hours, reminder_time

HOURS = parse_hours("09:00-12:00，13:30-17:00")


def weekdays(day: date) -> bool:
    return day.weekday() < 5


def test_slots_follow_the_hours_and_the_windows() -> None:
    slots = day_slots(
        date(2026, 12, 2), HOURS, slot_minutes=30, windows=3, booked={"09:30": 3, "10:00": 1}, is_workday=weekdays
    )
    assert len(slots) == 6 + 7
    assert [s.label for s in slots[:2]] == ["09:00–09:30", "09:30–10:00"]
    assert [s.free for s in slots[:3]] == [3, 0, 2]
    assert slots[6].starts == time(13, 30)


def test_no_slots_on_a_day_off_nor_in_the_past() -> None:
    saturday = date(2026, 12, 5)
    assert day_slots(saturday, HOURS, slot_minutes=30, windows=3, booked={}, is_workday=weekdays) == []
    later = day_slots(
        date(2026, 12, 2),
        HOURS,
        slot_minutes=60,
        windows=1,
        booked={},
        is_workday=weekdays,
        not_before=datetime(2026, 12, 2, 14, 0),
    )
    assert [s.label for s in later] == ["14:30–15:30", "15:30–16:30"]
    assert bookable_days(date(2026, 12, 4), 2, weekdays) == [date(2026, 12, 4), date(2026, 12, 7)]


def test_bad_hours_name_the_part() -> None:
    with pytest.raises(HoursError, match="“9点-12点”无法识别"):
        parse_hours("9点-12点")
    with pytest.raises(HoursError, match="不重叠"):
        parse_hours("09:00-12:00,11:00-13:00")


def test_the_reminder_goes_the_evening_before_or_two_hours_ahead() -> None:
    day, starts = date(2026, 12, 7), time(10, 0)
    assert reminder_time(day, starts, datetime(2026, 12, 2, 9, 0)) == datetime(2026, 12, 6, 18, 0)
    assert reminder_time(day, starts, datetime(2026, 12, 6, 20, 0)) == datetime(2026, 12, 7, 8, 0)
    assert reminder_time(day, starts, datetime(2026, 12, 7, 9, 0)) == datetime(2026, 12, 7, 9, 0)
