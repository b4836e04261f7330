"""Task queues name the open states as constants, so PostgreSQL's cached plan can use the open-task indexes.

psycopg prepares a statement after a few executions and PostgreSQL may then keep one generic plan for it. With
``state IN ($1, $2)`` that plan cannot use an index whose predicate is ``state IN ('ready', 'claimed')``.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite

from app.models import TASK_IS_OPEN, HumanTask
from app.models.base import in_constants
from app.services import task_lists


@pytest.mark.parametrize("dialect", [postgresql.psycopg.dialect(), sqlite.dialect()], ids=["postgresql", "sqlite"])
def test_the_open_states_are_written_into_the_sql(dialect):
    sql = str(select(HumanTask.id).where(TASK_IS_OPEN).compile(dialect=dialect))
    assert "human_task.state IN ('ready', 'claimed')" in sql
    assert "POSTCOMPILE" not in sql  # no expanding parameter left to rewrite at execution


def test_a_constant_with_a_quote_is_refused():
    with pytest.raises(ValueError, match="not plain constants"):
        in_constants(HumanTask.state, ("ready", "it's"))
    with pytest.raises(ValueError, match="not plain constants"):
        in_constants(HumanTask.state, ())


def _generic_plan(connection, stmt, params: dict[str, object]) -> str:
    """EXPLAIN of the plan PostgreSQL keeps for ``stmt`` once prepared, not one made for these values."""
    compiled = stmt.compile(dialect=connection.dialect)
    names: list[str] = []

    def positional(match: re.Match[str]) -> str:
        names.append(match.group(1))
        return f"${len(names)}"

    sql = re.sub(r"%\((\w+)\)s", positional, str(compiled))
    connection.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # an almost empty table: make indexes count
    connection.exec_driver_sql(f"PREPARE queue_plan AS {sql}")
    values = ", ".join(repr(params[name]) for name in names)
    try:
        return "\n".join(connection.execute(text(f"EXPLAIN EXECUTE queue_plan({values})")).scalars())
    finally:
        connection.exec_driver_sql("DEALLOCATE queue_plan")


@pytest.mark.postgres
def test_the_department_queue_plan_uses_the_open_task_index(pg_app):
    from app.extensions import db

    with pg_app.app_context():
        stmt = task_lists._QUEUES[(False, True, None)]
        plan = _generic_plan(db.session.connection(), stmt, {"department_id": 1, "limit": 50})
        db.session.rollback()
    assert "ix_human_task_open_department_due" in plan, plan


@pytest.mark.postgres
@pytest.mark.parametrize("at_centre", [None, False, True], ids=["every-centre", "a-centre", "the-district-hall"])
def test_the_window_queue_plan_uses_the_open_lane_index(pg_app, at_centre):
    """Also a clerk's queue of one centre's cases (task_lists.window_centre), as the API's task list reads it."""
    from app.extensions import db

    with pg_app.app_context():
        stmt = task_lists._QUEUES[(True, False, at_centre)]
        params = {"limit": 50} if at_centre is None else {"limit": 50, "centre_id": 1}
        plan = _generic_plan(db.session.connection(), stmt, params)
        db.session.rollback()
    if at_centre is False:
        # One centre's cases: the planner may as well start from the centre's applications (ix_application_centre_id,
        # as the window queue page's query does); never a scan of every task.
        assert "Seq Scan on human_task" not in plan and "Index Scan" in plan, plan
    else:
        assert "ix_human_task_open_lane_due" in plan, plan
