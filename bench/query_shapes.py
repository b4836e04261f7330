"""The queries timed at scale, built with the application's own models and, where a function exists, the
application's own code, so the benchmark follows the pages if they change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select

from app.domain.calendar_cn import make_is_workday
from app.domain.lifecycle import FINAL
from app.extensions import db
from app.models import Application, ItemVersion, ServiceItem


def department_queue(department_id: int) -> list[Any]:
    """A department's task queue, first page by due date: app/web/staff.py `_open_tasks` itself."""
    from app.models import HumanTask
    from app.web.staff import _open_tasks

    return _open_tasks(HumanTask.department_id == department_id)


def by_tracking_number(number: str) -> Any:
    """Search by tracking number: the service the staff case view and the API call."""
    from app.services.cases import get_by_tracking_number

    return get_by_tracking_number(number)


def my_applications(applicant_id: int) -> list[Any]:
    """A citizen's "my applications" list: the statement of app/web/portal.py `my_applications`."""
    stmt = (
        select(Application)
        .where(Application.applicant_id == applicant_id)
        .order_by(Application.submitted_at.desc())
        .limit(200)
    )
    return list(db.session.scalars(stmt).all())


def light_boundaries(today: date, is_workday: Callable[[date], bool] | None = None) -> tuple[date, date]:
    """(today, next working day after today): a due date before today is red, from today up to the day before
    the next working day yellow (app.domain.working_days.light_for), later green. Computed once per query,
    so the database compares dates instead of running the calendar per row."""
    check = is_workday or make_is_workday()
    day = today + timedelta(days=1)
    while not check(day):
        day += timedelta(days=1)
    return today, day


def supervision_counts_stmt(today: date, next_workday: date) -> Select[Any]:
    """Open cases per lead department and light. Counted per item version first (one pass over the open-case
    index), then summed per department over the 200-row catalogue. `finished_at IS NULL` is exactly "not in a
    final status" (the engine sets finished_at when the workflow completes) and needs no parameters, so a
    partial index on it is usable by every plan, generic or custom."""
    open_by_version = (
        select(
            Application.item_version_id.label("version_id"),
            func.count().filter(Application.due_date < today).label("red"),
            func.count().filter(Application.due_date >= today, Application.due_date < next_workday).label("yellow"),
            func.count()
            .filter(or_(Application.due_date >= next_workday, Application.due_date.is_(None)))
            .label("green"),
        )
        .where(Application.finished_at.is_(None))
        .group_by(Application.item_version_id)
        .subquery()
    )
    return (
        select(
            ServiceItem.department_id,
            func.sum(open_by_version.c.green).label("green"),
            func.sum(open_by_version.c.yellow).label("yellow"),
            func.sum(open_by_version.c.red).label("red"),
        )
        .select_from(open_by_version)
        .join(ItemVersion, ItemVersion.id == open_by_version.c.version_id)
        .join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
        .group_by(ServiceItem.department_id)
        .order_by(ServiceItem.department_id)
    )


def supervision_counts(today: date, next_workday: date) -> list[Any]:
    return list(db.session.execute(supervision_counts_stmt(today, next_workday)).all())


def supervise_page_today() -> tuple[list[Any], dict[str, int]]:
    """What app/web/staff.py `supervise` runs today: the first 200 open cases by due date and the count of
    every status over all cases (for comparison; not one of the issue's goals)."""
    open_cases = db.session.scalars(
        select(Application)
        .where(Application.status.not_in([s.value for s in FINAL]))
        .order_by(Application.due_date.is_(None), Application.due_date, Application.id)
        .limit(200)
    ).all()
    counts = dict(db.session.execute(select(Application.status, func.count()).group_by(Application.status)).all())
    return list(open_cases), counts


def department_queue_lean(department_id: int) -> list[Any]:
    """The same queue page loading only what staff/queue.html shows (proposal, not what the app does today):
    the models' lazy="joined" chain task → application → item_version → item → department otherwise pulls every
    case's engine state and every row's whole item version (form schema, BPMN, guide as JSON) for 100 rows."""
    from sqlalchemy.orm import joinedload, selectinload

    from app.models import HumanTask, User

    application = joinedload(HumanTask.application).load_only(Application.tracking_number)
    item = application.joinedload(Application.item_version).load_only(ItemVersion.item_id)
    stmt = (
        select(HumanTask)
        .where(HumanTask.state.in_(("ready", "claimed")), HumanTask.department_id == department_id)
        .order_by(HumanTask.due_date, HumanTask.id)
        .limit(100)
        .options(
            item.joinedload(ItemVersion.item).load_only(ServiceItem.name).lazyload(ServiceItem.department),
            selectinload(HumanTask.assignee).load_only(User.display_name).lazyload(User.department),
        )
    )
    tasks = list(db.session.scalars(stmt))
    for task in tasks:  # what the template touches
        _ = (task.application.tracking_number, task.application.item_version.item.name, task.assignee)
    return tasks
