"""The admin-editable working-day calendar: loading it for the clock, seeding it, changing it (recorded)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import delete, select, update

from app.domain.actors import Actor
from app.domain.calendar_cn import SOURCE, package_arrangement, package_years
from app.domain.work_calendar import SpecialDay, WorkCalendar
from app.extensions import db
from app.models import CalendarDay, CalendarYear, ClockState
from app.services.audit import record_event
from app.services.now import now

ADMIN_SOURCE = "admin"
_CACHE_KEY = "yichuang.work_calendar"
# Another process's change reaches this one within this many seconds; the worker's recompute waits as long.
CACHE_SECONDS = 10.0


def load_calendar() -> WorkCalendar:
    """The calendar the clock counts with, remembered per app for CACHE_SECONDS (it is read on every accept)."""
    cached = current_app.extensions.get(_CACHE_KEY)
    if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    calendar = read_calendar()
    current_app.extensions[_CACHE_KEY] = (time.monotonic(), calendar)
    return calendar


def forget_cached_calendar() -> None:
    current_app.extensions.pop(_CACHE_KEY, None)


def read_calendar() -> WorkCalendar:
    years = db.session.scalars(select(CalendarYear.year)).all()
    days = db.session.execute(select(CalendarDay.day, CalendarDay.is_workday, CalendarDay.name))
    return WorkCalendar.build((SpecialDay(d, w, n) for d, w, n in days), years)


def year_days(year: int) -> list[CalendarDay]:
    stmt = select(CalendarDay).where(CalendarDay.day.between(_first(year), _last(year))).order_by(CalendarDay.day)
    return list(db.session.scalars(stmt))


def confirmed_years() -> dict[int, CalendarYear]:
    return {y.year: y for y in db.session.scalars(select(CalendarYear).order_by(CalendarYear.year))}


def seed_from_package() -> list[int]:
    """Enter and confirm every year chinese-calendar knows that the table does not hold yet; returns those years.
    A year an admin already entered or confirmed is left as it is."""
    known = set(confirmed_years())
    entered = {d.year for d in db.session.scalars(select(CalendarDay.day))}
    seeded = [year for year in package_years() if year not in known and year not in entered]
    for year in seeded:
        for day in package_arrangement(year):
            db.session.add(CalendarDay(day=day.day, is_workday=day.is_workday, name=day.name, source=SOURCE))
        db.session.add(CalendarYear(year=year, source=SOURCE))
    if seeded:
        _calendar_changed()
        db.session.flush()
    return seeded


@dataclass(frozen=True)
class YearChange:
    added: list[str]
    removed: list[str]
    changed: list[str]


def save_year(year: int, days: Sequence[SpecialDay], actor: Actor) -> YearChange:
    """Replace ``year``'s special dates with ``days`` (an admin's paste); the change goes into the audit trail."""
    before = {d.day: (d.is_workday, d.name) for d in year_days(year)}
    after = {d.day: (d.is_workday, d.name) for d in days if d.day.year == year}
    change = YearChange(
        added=[_describe(d, after[d]) for d in sorted(after.keys() - before.keys())],
        removed=[_describe(d, before[d]) for d in sorted(before.keys() - after.keys())],
        changed=[_describe(d, after[d]) for d in sorted(after.keys() & before.keys()) if after[d] != before[d]],
    )
    db.session.execute(delete(CalendarDay).where(CalendarDay.day.between(_first(year), _last(year))))
    stamp = now()
    for day in sorted(after):
        is_workday, name = after[day]
        db.session.add(
            CalendarDay(
                day=day, is_workday=is_workday, name=name, source=ADMIN_SOURCE, changed_by_id=actor.id, changed_at=stamp
            )
        )
    record_event(
        "calendar.year_saved",
        actor=actor,
        detail={"year": year, "added": change.added, "removed": change.removed, "changed": change.changed},
    )
    _calendar_changed()
    db.session.flush()
    return change


def confirm_year(year: int, actor: Actor) -> None:
    """The year's dates now count; its cases' due dates are recomputed by the worker."""
    if db.session.get(CalendarYear, year) is not None:
        return
    db.session.add(CalendarYear(year=year, source=ADMIN_SOURCE, confirmed_by_id=actor.id, confirmed_at=now()))
    record_event("calendar.year_confirmed", actor=actor, detail={"year": year, "days": len(year_days(year))})
    _calendar_changed()
    db.session.flush()


def withdraw_year(year: int, actor: Actor) -> None:
    """Back to Monday–Friday (and the banner) for ``year``, e.g. when its notice was entered wrongly."""
    row = db.session.get(CalendarYear, year)
    if row is None:
        return
    db.session.delete(row)
    record_event("calendar.year_withdrawn", actor=actor, detail={"year": year})
    _calendar_changed()
    db.session.flush()


def _calendar_changed() -> None:
    """Bump the revision the worker's sweep compares with (app/services/clock_sweep.py) and forget the cache."""
    state = db.session.get(ClockState, 1)
    if state is None:
        db.session.add(ClockState(id=1, calendar_revision=1, recomputed_revision=0))
    else:
        db.session.execute(
            update(ClockState).where(ClockState.id == 1).values(calendar_revision=ClockState.calendar_revision + 1)
        )
    forget_cached_calendar()


def _describe(day: date, value: tuple[bool, str]) -> str:
    is_workday, name = value
    return f"{day.isoformat()} {'班' if is_workday else '休'} {name}".strip()


def _first(year: int) -> date:
    return date(year, 1, 1)


def _last(year: int) -> date:
    return date(year, 12, 31)
