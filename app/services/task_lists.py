"""Task lists as plain indexed queries, loading exactly what a list shows (no engine state, no form schemas)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from app.extensions import db
from app.models import Application, HumanTask, ItemVersion, ServiceItem, User

OPEN_STATES = ("ready", "claimed")

# Case number, item name and slug, and the assignee's names, joined into the one query of the page. Built once:
# load options are immutable, and building them per request cost more than running the query.
_TASK_ROW_OPTIONS: tuple[_AbstractLoad, ...] = (
    joinedload(HumanTask.application, innerjoin=True)
    .load_only(Application.id, Application.tracking_number, Application.item_version_id, Application.due_date)
    .joinedload(Application.item_version, innerjoin=True)
    .load_only(ItemVersion.id, ItemVersion.item_id, ItemVersion.number, ItemVersion.published_at)
    .joinedload(ItemVersion.item, innerjoin=True)
    .load_only(ServiceItem.id, ServiceItem.name, ServiceItem.slug),
    joinedload(HumanTask.assignee).load_only(User.id, User.username, User.display_name),
)


def task_row_options() -> list[_AbstractLoad]:
    """Load options for task rows as the staff pages show them."""
    return list(_TASK_ROW_OPTIONS)


def open_tasks(*conditions: Any, limit: int = 100) -> list[HumanTask]:
    """Open tasks matching `conditions`, earliest due first (the partial indexes of migration 0003)."""
    stmt = (
        select(HumanTask)
        .where(HumanTask.state.in_(OPEN_STATES), *conditions)
        .order_by(HumanTask.due_date, HumanTask.id)
        .limit(limit)
        .options(*_TASK_ROW_OPTIONS)
    )
    return list(db.session.scalars(stmt))


def case_tasks(application_id: int) -> list[HumanTask]:
    """Every task of one case, in the order they appeared."""
    stmt = (
        select(HumanTask)
        .where(HumanTask.application_id == application_id)
        .order_by(HumanTask.id)
        .options(*_TASK_ROW_OPTIONS)
    )
    return list(db.session.scalars(stmt))


# --- the same lists as plain rows, for the JSON API (no ORM objects to build and track for a read) ---

def _task_rows() -> Select[Any]:
    return (
        select(
            HumanTask.id,
            HumanTask.element_id,
            HumanTask.name,
            HumanTask.lane,
            HumanTask.state,
            User.username.label("assignee"),
            HumanTask.due_date,
            Application.tracking_number,
            ServiceItem.slug.label("item"),
        )
        .join(HumanTask.application)
        .join(Application.item_version)
        .join(ItemVersion.item)
        .outerjoin(HumanTask.assignee)
    )


def open_task_rows(*conditions: Any, limit: int = 100) -> Sequence[Row[Any]]:
    """:func:`open_tasks` as rows of (id, element_id, name, lane, state, assignee, due_date, tracking_number,
    item)."""
    stmt = (
        _task_rows()
        .where(HumanTask.state.in_(OPEN_STATES), *conditions)
        .order_by(HumanTask.due_date, HumanTask.id)
        .limit(limit)
    )
    return db.session.execute(stmt).all()


def case_task_rows(application_id: int) -> Sequence[Row[Any]]:
    """:func:`case_tasks` as rows (see :func:`open_task_rows`)."""
    stmt = _task_rows().where(HumanTask.application_id == application_id).order_by(HumanTask.id)
    return db.session.execute(stmt).all()


def task_row(task_id: int) -> Row[Any]:
    """One task as a row (see :func:`open_task_rows`)."""
    return db.session.execute(_task_rows().where(HumanTask.id == task_id)).one()
