"""Task lists as plain indexed queries, loading exactly what a list shows (no engine state, no form schemas)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from app.extensions import db
from app.models import Application, HumanTask, ItemVersion, ServiceItem, User

OPEN_STATES = ("ready", "claimed")


def task_row_options() -> list[_AbstractLoad]:
    """Case number, item name and slug, and the assignee's names, joined into the one query of the page."""
    application = joinedload(HumanTask.application, innerjoin=True).load_only(
        Application.id, Application.tracking_number, Application.item_version_id, Application.due_date
    )
    return [
        application.joinedload(Application.item_version, innerjoin=True)
        .load_only(ItemVersion.id, ItemVersion.item_id, ItemVersion.number, ItemVersion.published_at)
        .joinedload(ItemVersion.item, innerjoin=True)
        .load_only(ServiceItem.id, ServiceItem.name, ServiceItem.slug),
        joinedload(HumanTask.assignee).load_only(User.id, User.username, User.display_name),
    ]


def open_tasks(*conditions: Any, limit: int = 100) -> list[HumanTask]:
    """Open tasks matching `conditions`, earliest due first (the partial indexes of migration 0003)."""
    stmt = (
        select(HumanTask)
        .where(HumanTask.state.in_(OPEN_STATES), *conditions)
        .order_by(HumanTask.due_date, HumanTask.id)
        .limit(limit)
        .options(*task_row_options())
    )
    return list(db.session.scalars(stmt))


def case_tasks(application_id: int) -> list[HumanTask]:
    """Every task of one case, in the order they appeared."""
    stmt = (
        select(HumanTask)
        .where(HumanTask.application_id == application_id)
        .order_by(HumanTask.id)
        .options(*task_row_options())
    )
    return list(db.session.scalars(stmt))
