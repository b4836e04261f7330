"""China's published arrangements (holidays and make-up working days, 调休) from the chinese-calendar package,
the seed of the admin-editable calendar (app/services/work_calendar.py).

chinese-calendar is kept by hand from each year's State Council notice and knows every year up to the one it was
released for (1.11.0: 2004–2026). Later years are entered by an admin from the notice; until then the clock
counts Monday–Friday for them and the pages say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache

import chinese_calendar

from app.domain.work_calendar import SpecialDay, WorkCalendar

SOURCE = f"chinese-calendar {getattr(chinese_calendar, '__version__', '')}".strip()


def package_years() -> list[int]:
    """The years whose arrangement the package knows completely."""
    years = {day.year for day in chinese_calendar.holidays}
    return sorted(years)


def package_arrangement(year: int) -> list[SpecialDay]:
    """Every holiday and make-up working day of ``year`` as the package knows it, with its festival's name."""
    days = []
    for day, holiday in chinese_calendar.holidays.items():
        if day.year == year:
            days.append(SpecialDay(day, False, _festival_name(holiday)))
    for day, holiday in chinese_calendar.workdays.items():
        if day.year == year:
            days.append(SpecialDay(day, True, f"{_festival_name(holiday)}调休"))
    return sorted(days, key=lambda d: d.day)


def package_calendar() -> WorkCalendar:
    """The calendar of every year the package knows, confirmed (what a fresh database is seeded with)."""
    years = package_years()
    return WorkCalendar.build((d for y in years for d in package_arrangement(y)), years)


_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _festival_name(holiday: object) -> str:
    value = getattr(holiday, "value", holiday)  # a string in 1.11, an enum of (english, chinese, days) before
    english = value[0] if isinstance(value, tuple) else str(value or "")
    return _NAMES.get(english, english)


def make_is_workday(overrides: Mapping[date, bool] | None = None):
    """An is_workday(date) function from the package alone (`overrides` win): for code and tests that run
    without the calendar tables; the app's clock reads the admin-editable calendar instead."""
    fixed = dict(overrides or {})

    def is_workday(day: date) -> bool:
        if day in fixed:
            return fixed[day]
        return _official_workday(day)

    return is_workday


# The package's tables are fixed for the life of the process, and every acceptance walks up to a month of days
# through them (the package validates each date on every call): remember its answers.
@lru_cache(maxsize=8192)
def _official_workday(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5
