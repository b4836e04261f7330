"""Task lists as plain indexed queries, loading exactly what a list shows (no engine state, no form schemas)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, or_, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from app.domain.lifecycle import OUTPUT_LANE, WINDOW_LANE
from app.extensions import db
from app.models import TASK_IS_OPEN, Application, HumanTask, ItemVersion, ServiceItem, User
from app.models.base import in_constants
from app.services.read_models import TaskRow

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
    """Load options for task rows as the staff pages show them (queues, "my finished work")."""
    return list(_TASK_ROW_OPTIONS)


def open_tasks(*conditions: Any, limit: int = 100) -> list[HumanTask]:
    """Open tasks matching `conditions`, earliest due first (the partial indexes of migration 0003)."""
    stmt = (
        select(HumanTask)
        .where(TASK_IS_OPEN, *conditions)
        .order_by(HumanTask.due_date, HumanTask.id)
        .limit(limit)
        .options(*_TASK_ROW_OPTIONS)
    )
    return list(db.session.scalars(stmt))


def clerk_centre_id(clerk: Any) -> int | None:
    """A window clerk's centre: the page user and the API caller (app/auth.py) both carry it; read for any other
    actor (a department system's account has none, and is not limited to one hall)."""
    if hasattr(clerk, "centre_id"):
        return clerk.centre_id  # type: ignore[no-any-return]
    return db.session.connection().execute(_CENTRE_OF, {"user_id": clerk.id}).scalar()


_CENTRE_OF = select(User.centre_id).where(User.id == bindparam("user_id"))


def _at_centre(centre_id: Any, *, with_unplaced: bool) -> Any:
    """The tasks of cases accepted at ``centre_id`` (a value or a bound parameter); ``with_unplaced``: also of cases
    from before there were centres, which are the district hall's."""
    mine = Application.centre_id == centre_id
    if with_unplaced:
        mine = or_(mine, Application.centre_id.is_(None))
    return HumanTask.application_id.in_(select(Application.id).where(mine))


def window_centre(clerk: Any) -> tuple[int, bool] | None:
    """Which centre's cases ``clerk``'s window and output queues show: (centre id, whether the cases from before
    there were centres count too, as they do at the district hall), or None for a clerk without a centre (the
    district's back office sees every centre's cases). A case received at a community station (代收代办) is the
    accepting centre's, so it is in the district window's queue, not the station's; a handle-anywhere item's case
    (全区通办) is in the queue of the centre that took it."""
    from app.services.centres import default_centre

    centre_id = clerk_centre_id(clerk)
    if centre_id is None:
        return None
    default = default_centre()
    return centre_id, default is not None and default[0] == centre_id


def centre_cases(clerk: Any) -> tuple[Any, ...]:
    """The condition that keeps a window or output queue to the cases of ``clerk``'s centre (:func:`window_centre`)."""
    found = window_centre(clerk)
    if found is None:
        return ()
    return (_at_centre(found[0], with_unplaced=found[1]),)


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
# The statements are built once with bound parameters and run on the session's connection as Core: the ORM's
# execution path costs CPU per statement (loading, identity map) that a plain row read does not need.


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
            HumanTask.department_id,
        )
        .join(HumanTask.application)
        .join(Application.item_version)
        .join(ItemVersion.item)
        .outerjoin(HumanTask.assignee)
    )


def _open_queue(condition: Any) -> Select[Any]:
    return (
        _task_rows().where(TASK_IS_OPEN, condition).order_by(HumanTask.due_date, HumanTask.id).limit(bindparam("limit"))
    )


_WINDOW_LANES = in_constants(HumanTask.lane, (WINDOW_LANE, OUTPUT_LANE))
_DEPARTMENT = HumanTask.department_id == bindparam("department_id")
# The window lanes of one centre's cases, the same rule as the window queue pages (centre_cases).
_WINDOW_AT = {
    None: _WINDOW_LANES,
    False: and_(_WINDOW_LANES, _at_centre(bindparam("centre_id"), with_unplaced=False)),
    True: and_(_WINDOW_LANES, _at_centre(bindparam("centre_id"), with_unplaced=True)),
}
_QUEUES = {
    **{(True, False, at): _open_queue(window) for at, window in _WINDOW_AT.items()},
    **{(True, True, at): _open_queue(or_(window, _DEPARTMENT)) for at, window in _WINDOW_AT.items()},
    (False, True, None): _open_queue(_DEPARTMENT),
}
_CASE_TASKS = _task_rows().where(HumanTask.application_id == bindparam("application_id")).order_by(HumanTask.id)
_ONE_TASK = _task_rows().where(HumanTask.id == bindparam("task_id"))


def _rows(stmt: Select[Any], params: dict[str, Any]) -> Sequence[Row[Any]]:
    # No autoflush on this path: the service functions flush their changes before a response reads them.
    return db.session.connection().execute(stmt, params).all()


def queue_rows(
    *, window_lanes: bool, department_id: int | None, centre: tuple[int, bool] | None = None, limit: int = 100
) -> Sequence[Row[Any]]:
    """Open tasks of the window and output lanes (of ``centre``'s cases, :func:`window_centre`, when given) and/or
    of one department, earliest due first, as rows of :class:`~app.services.read_models.TaskRow`'s fields. Nothing
    to show: no rows."""
    at = centre[1] if centre is not None and window_lanes else None
    stmt = _QUEUES.get((window_lanes, department_id is not None, at))
    if stmt is None:
        return []
    centre_id = centre[0] if centre is not None else None
    return _rows(stmt, {"department_id": department_id, "centre_id": centre_id, "limit": limit})


def case_task_rows(application_id: int) -> Sequence[Row[Any]]:
    """:func:`case_tasks` as rows (see :func:`queue_rows`)."""
    return _rows(_CASE_TASKS, {"application_id": application_id})


def task_row(task_id: int) -> Row[Any]:
    """One task as a row (see :func:`queue_rows`)."""
    return _rows(_ONE_TASK, {"task_id": task_id})[0]


def case_task_rows_from(
    tasks: Iterable[HumanTask],
    assignees: Mapping[int, str | None],
    created: Iterable[TaskRow],
    *,
    tracking_number: str | None,
    item: str,
) -> list[TaskRow]:
    """:func:`case_task_rows` of a case whose every task the caller holds: ``tasks`` as they are now,
    ``assignees`` their assignees' usernames by task id, ``created`` the rows this transaction inserted (ready
    and unassigned)."""
    rows = [
        TaskRow(
            t.id,
            t.element_id,
            t.name,
            t.lane,
            t.state,
            assignees.get(t.id),
            t.due_date,
            tracking_number,
            item,
            t.department_id,
        )
        for t in tasks
    ]
    rows += created
    return sorted(rows, key=lambda row: row.id)
