"""China's working-day calendar: official holidays and make-up working days (调休) from chinese-calendar.

For years the package does not know yet we fall back to Monday–Friday, so the clock keeps working; admin
overrides are passed in as a mapping and always win.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache

import chinese_calendar


def make_is_workday(overrides: Mapping[date, bool] | None = None):
    """Build an is_workday(date) function; `overrides` maps a date to True (workday) or False (holiday)."""
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
