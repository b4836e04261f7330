"""The open-case tally: how many open cases each lead department has due on each date, kept exact in the
transaction of every case change and rebuilt from the cases by `flask supervision recount`.

A case counts once, under (lead department, due date), from submission until it is finished; before acceptance
it counts under UNACCEPTED_DUE_DATE. case_state.save_workflow is the one place a case's due date or finished time
changes, and it reports every change here with :func:`follow_case`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, Select, bindparam, delete, func, select, text

from app.extensions import db
from app.models import CASE_IS_OPEN, UNACCEPTED_DUE_DATE, Application, ItemVersion, OpenCaseTally, ServiceItem
from app.services.upserts import conflict_insert

TallyKey = tuple[int, date]  # (lead department id, due date or UNACCEPTED_DUE_DATE)

# The Core table, not the mapped class: these statements must not autoflush the session's pending case changes
# (which would split one UPDATE of the case into two).
TALLY = OpenCaseTally.__table__


def tally_date(application: Application) -> date | None:
    """The date a case counts under, or None once it is finished (it counts nowhere then)."""
    if application.finished_at is not None:
        return None
    return application.due_date or UNACCEPTED_DUE_DATE


def follow_case(application: Application, counted_before: date | None) -> None:
    """Move a case in the tally from where it counted (``counted_before``, None for a case new in this
    transaction) to where it counts now; nothing is written when that did not change."""
    counted_now = tally_date(application)
    if counted_now == counted_before:
        return
    department_id = application.item_version.item.department_id
    move(
        None if counted_before is None else (department_id, counted_before),
        None if counted_now is None else (department_id, counted_now),
    )


def move(before: TallyKey | None, after: TallyKey | None) -> None:
    """-1 where a case counted, +1 where it counts now (None: nowhere)."""
    deltas: Counter[TallyKey] = Counter()
    if before is not None:
        deltas[before] -= 1
    if after is not None:
        deltas[after] += 1
    add(deltas)


def add(deltas: Mapping[TallyKey, int]) -> None:
    """Add each delta to its row, creating missing rows. Rows are written in key order, so two transactions
    touching the same rows wait for each other instead of deadlocking."""
    rows = [
        {"department_id": department_id, "due_date": due_date, "open_cases": delta}
        for (department_id, due_date), delta in sorted(deltas.items())
        if delta
    ]
    if rows:
        # On the session's connection: Session.execute would autoflush the pending case changes first, even for
        # a Core statement, and this upsert does not depend on them. Several rows run as one executemany, in order.
        connection = db.session.connection()
        connection.execute(_upsert(connection.dialect.name), rows)


@cache
def _upsert(dialect: str) -> Insert:
    """The one-row upsert for ``dialect``, built once (it runs in every case's submit, accept and finish)."""
    stmt = conflict_insert(dialect, TALLY, "the open-case tally").values(
        department_id=bindparam("department_id"), due_date=bindparam("due_date"), open_cases=bindparam("open_cases")
    )
    return stmt.on_conflict_do_update(
        index_elements=[TALLY.c.department_id, TALLY.c.due_date],
        set_={"open_cases": TALLY.c.open_cases + stmt.excluded.open_cases},
    )


def move_item_cases(item_id: int, from_department_id: int, to_department_id: int) -> None:
    """An item changed its lead department: its open cases now count there."""
    if from_department_id == to_department_id:
        return
    counted = select(func.coalesce(Application.due_date, UNACCEPTED_DUE_DATE).label("tally_date"), func.count())
    per_date = (
        counted.join(ItemVersion, ItemVersion.id == Application.item_version_id)
        .where(ItemVersion.item_id == item_id, Application.finished_at.is_(None))
        .group_by(Application.due_date)
    )
    deltas: Counter[TallyKey] = Counter()
    for due_date, open_cases in db.session.execute(per_date):
        deltas[(from_department_id, due_date)] -= open_cases
        deltas[(to_department_id, due_date)] += open_cases
    add(deltas)


# --- recount: the tally rebuilt from the cases ---


def counted_open_cases() -> Select[Any]:
    """(department_id, due_date, open_cases) from the application table: what the tally must hold. Counted per
    item version first, over the open-case partial index, then summed per department."""
    per_version = (
        select(
            Application.item_version_id,
            func.coalesce(Application.due_date, UNACCEPTED_DUE_DATE).label("tally_date"),
            func.count().label("open_cases"),
        )
        .where(CASE_IS_OPEN)
        .group_by(Application.item_version_id, Application.due_date)
        .subquery()
    )
    return (
        select(ServiceItem.department_id, per_version.c.tally_date, func.sum(per_version.c.open_cases))
        .select_from(per_version)
        .join(ItemVersion, ItemVersion.id == per_version.c.item_version_id)
        .join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
        .group_by(ServiceItem.department_id, per_version.c.tally_date)
    )


@dataclass(frozen=True)
class TallyChange:
    department_id: int
    due_date: date
    stored: int
    counted: int


def recount(conn: Connection) -> list[TallyChange]:
    """Rebuild the tally from the cases in the caller's transaction; returns the rows that were wrong.

    On PostgreSQL the tally is locked against writers first: a case change committed before the lock is in the
    count, one still running waits and adds its delta to the recounted rows after this transaction commits."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("LOCK TABLE open_case_tally IN EXCLUSIVE MODE"))
    stored = _read(conn)
    conn.execute(delete(TALLY))
    conn.execute(TALLY.insert().from_select(["department_id", "due_date", "open_cases"], counted_open_cases()))
    counted = _read(conn)
    changes = []
    for key in sorted(stored.keys() | counted.keys()):
        before, after = stored.get(key, 0), counted.get(key, 0)
        if before != after:
            changes.append(TallyChange(key[0], key[1], before, after))
    return changes


def _read(conn: Connection) -> dict[TallyKey, int]:
    rows = conn.execute(select(TALLY.c.department_id, TALLY.c.due_date, TALLY.c.open_cases))
    return {(department_id, due_date): open_cases for department_id, due_date, open_cases in rows}


def open_cases_by_version(item_ids: list[int]) -> dict[int, int]:
    """How many cases of each version of these items are still open, by item version id (versions without any are
    left out): what an admin must know before retiring a version."""
    stmt = (
        select(Application.item_version_id, func.count())
        .join(ItemVersion, ItemVersion.id == Application.item_version_id)
        .where(ItemVersion.item_id.in_(item_ids), CASE_IS_OPEN)
        .group_by(Application.item_version_id)
    )
    return {version_id: count for version_id, count in db.session.execute(stmt)}
