""" "Now" and "today" for the clock, injectable: tests (and a demo) move the hall's clock with CLOCK_NOW.

The hall works in China's time: a case accepted at 00:30 Beijing time was accepted that day, although it is
still the day before in UTC, where the database keeps its timestamps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

from app.models.base import utcnow

HALL_TIME = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """UTC now without tzinfo, like every timestamp column; CLOCK_NOW (a callable) replaces it in tests."""
    if has_app_context():
        override: Callable[[], datetime] | None = current_app.config.get("CLOCK_NOW")
        if override is not None:
            return override()
    return utcnow()


def local_date(moment: datetime) -> date:
    """The hall's date of a UTC timestamp (naive, as stored)."""
    return moment.replace(tzinfo=UTC).astimezone(HALL_TIME).date()


def today() -> date:
    return local_date(now())
