"""Indexes for the search by item and dates, the dashboard's department figures and an approver's search

application (item_version_id, submitted_at, id) replaces the index on item_version_id alone (it leads with it);
human_task (application_id, department_id) replaces the index on application_id alone (the unique constraint on
(application_id, spiff_task_id) already leads with it too). On PostgreSQL the dashboard's period and open-case
indexes carry the case's centres (INCLUDE), so a centre's figures are index-only scans too, and "my finished work"
carries the case and the step, so a window's or a clerk's cases come from that index alone; SQLite has no INCLUDE
and keeps them as they were. Measurements in docs/performance.md.

Revision ID: 0025_perf_query_indexes
Revises: 0024_defer_deferred_materials
Create Date: 2026-12-02 11:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_perf_query_indexes"
down_revision = "0024_defer_deferred_materials"
branch_labels = None
depends_on = None


CENTRES = ["centre_id", "received_centre_id"]
# name -> (columns, extra INCLUDE columns, partial-index predicate)
PERIOD_INDEXES = {
    "ix_application_submitted_at": (["submitted_at", "item_version_id"], [], None),
    "ix_application_accepted_at": (["accepted_at", "item_version_id"], [], None),
    "ix_application_finished_at": (["finished_at", "item_version_id", "status"], ["timeliness", "working_days"], None),
    "ix_application_open_light": (["light", "due_date"], [], "finished_at IS NULL"),
}


def _period_indexes(with_centres):
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (columns, extra, where) in PERIOD_INDEXES.items():
        op.drop_index(name, table_name="application")
        options = {"postgresql_where": sa.text(where)} if where else {}
        if with_centres:
            options["postgresql_include"] = CENTRES + extra
        op.create_index(name, "application", columns, **options)


def _completed_by_index(with_case):
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_human_task_completed_by", table_name="human_task")
    options = {"postgresql_include": ["application_id", "element_id"]} if with_case else {}
    op.create_index("ix_human_task_completed_by", "human_task", ["completed_by_id", "completed_at"], **options)


def upgrade():
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.create_index("ix_application_version_submitted", ["item_version_id", "submitted_at", "id"])
        batch_op.drop_index("ix_application_item_version_id")
    with op.batch_alter_table("human_task", schema=None) as batch_op:
        batch_op.create_index("ix_human_task_application_department", ["application_id", "department_id"])
        batch_op.drop_index("ix_human_task_application_id")
    _period_indexes(with_centres=True)
    _completed_by_index(with_case=True)


def downgrade():
    _completed_by_index(with_case=False)
    _period_indexes(with_centres=False)
    with op.batch_alter_table("human_task", schema=None) as batch_op:
        batch_op.create_index("ix_human_task_application_id", ["application_id"])
        batch_op.drop_index("ix_human_task_application_department")
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.create_index("ix_application_item_version_id", ["item_version_id"])
        batch_op.drop_index("ix_application_version_submitted")
