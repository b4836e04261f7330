"""Supervision (电子监察): every open case green / yellow / red against its working-day limit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, true
from sqlalchemy.orm import load_only, selectinload

from app.extensions import db
from app.models import Application, Department, ItemVersion, OpenCaseTally, ServiceItem


def light_boundaries(today: date, is_workday: Callable[[date], bool] | None = None) -> tuple[date, date]:
    """(today, next working day after today): due before today is red, from today up to the day before the next
    working day yellow (app.domain.working_days.light_for), later green. Computed once per query, so the
    database compares dates instead of running the calendar per row."""
    if is_workday is None:
        from app.services.work_calendar import load_calendar

        is_workday = load_calendar()
    check = is_workday
    day = today + timedelta(days=1)
    while not check(day):
        day += timedelta(days=1)
    return today, day


def supervision_counts_stmt(today: date, next_workday: date) -> Select[Any]:
    """Open cases per lead department and light, summed from the open-case tally (app/services/case_tally.py):
    one row per department and due date, so the cost follows the calendar, not the number of cases. Cases not
    accepted yet count under UNACCEPTED_DUE_DATE, which is green like `due_date IS NULL` on the cases."""
    open_cases = OpenCaseTally.open_cases
    due = OpenCaseTally.due_date
    return (
        select(
            OpenCaseTally.department_id,
            func.coalesce(func.sum(open_cases).filter(due >= next_workday), 0).label("green"),
            func.coalesce(func.sum(open_cases).filter(due >= today, due < next_workday), 0).label("yellow"),
            func.coalesce(func.sum(open_cases).filter(due < today), 0).label("red"),
        )
        .where(open_cases != 0)
        .group_by(OpenCaseTally.department_id)
        .order_by(OpenCaseTally.department_id)
    )


@dataclass(frozen=True)
class DepartmentLights:
    department: str
    green: int
    yellow: int
    red: int


def lights_by_department(today: date) -> list[DepartmentLights]:
    names = {dept_id: name for dept_id, name in db.session.execute(select(Department.id, Department.name))}
    rows = db.session.execute(supervision_counts_stmt(*light_boundaries(today)))
    return [
        DepartmentLights(names.get(row.department_id, "?"), int(row.green), int(row.yellow), int(row.red))
        for row in rows
    ]


def most_urgent_open_cases(limit: int = 200, where: ColumnElement[bool] | None = None) -> list[Application]:
    """Open cases, earliest due first (cases not yet accepted, with no due date, last); ``where`` narrows them
    (the dashboard's scope)."""
    stmt = (
        select(Application)
        .where(Application.finished_at.is_(None), true() if where is None else where)
        .order_by(Application.due_date.asc().nulls_last(), Application.id)
        .limit(limit)
        .options(
            load_only(Application.id, Application.tracking_number, Application.status, Application.due_date),
            selectinload(Application.item_version)
            .load_only(ItemVersion.id, ItemVersion.item_id)
            .selectinload(ItemVersion.item)
            .load_only(ServiceItem.id, ServiceItem.name),
        )
    )
    return list(db.session.scalars(stmt))
