"""The working-day calendar (special dates + confirmed years, seeded from chinese-calendar), the clock's pauses,
the sweep's bookmark, and stored lights on cases and steps

Revision ID: 0008_clock_calendar
Revises: 0007
Create Date: 2026-12-02 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_clock_calendar"
down_revision = "0007"
branch_labels = None
depends_on = None

OPEN_CASE = "finished_at IS NULL"
OPEN_TASK = "state IN ('ready', 'claimed')"


def upgrade():
    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_workday", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["changed_by_id"], ["user_account.id"], name="fk_calendar_day_changed_by_id_user_account"),
        sa.PrimaryKeyConstraint("day", name="pk_calendar_day"),
    )
    op.create_table(
        "calendar_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"], ["user_account.id"], name="fk_calendar_year_confirmed_by_id_user_account"
        ),
        sa.PrimaryKeyConstraint("year", name="pk_calendar_year"),
    )
    op.create_table(
        "clock_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("calendar_revision", sa.Integer(), nullable=False),
        sa.Column("recomputed_revision", sa.Integer(), nullable=False),
        sa.Column("lights_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_clock_state"),
    )
    op.create_table(
        "clock_pause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("expected_days", sa.Integer(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("declared_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["application.id"], name="fk_clock_pause_application_id_application", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["human_task.id"], name="fk_clock_pause_task_id_human_task", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["declared_by_id"], ["user_account.id"], name="fk_clock_pause_declared_by_id_user_account"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_clock_pause"),
    )
    op.create_index("ix_clock_pause_application", "clock_pause", ["application_id", "started_on"])
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("light", sa.String(8), nullable=True))
    with op.batch_alter_table("human_task") as batch:
        batch.add_column(sa.Column("light", sa.String(8), nullable=True))
    op.create_index(
        "ix_application_open_light",
        "application",
        ["light", "due_date"],
        postgresql_where=sa.text(OPEN_CASE),
        sqlite_where=sa.text(OPEN_CASE),
    )
    op.create_index(
        "ix_human_task_open_light",
        "human_task",
        ["light", "department_id"],
        postgresql_where=sa.text(OPEN_TASK),
        sqlite_where=sa.text(OPEN_TASK),
    )
    _seed_calendar()
    # Lights of the cases already open are set by the worker's first sweep (clock_state has no lights_on yet).
    op.execute("INSERT INTO clock_state (id, calendar_revision, recomputed_revision) VALUES (1, 1, 0)")


def _seed_calendar():
    """Every year chinese-calendar knows (1.11.0: 2004–2026), confirmed: the published arrangements."""
    from datetime import datetime

    from app.domain.calendar_cn import SOURCE, package_arrangement, package_years

    days = sa.table(
        "calendar_day",
        sa.column("day", sa.Date()),
        sa.column("is_workday", sa.Boolean()),
        sa.column("name", sa.String()),
        sa.column("source", sa.String()),
        sa.column("changed_at", sa.DateTime()),
    )
    years = sa.table(
        "calendar_year", sa.column("year", sa.Integer()), sa.column("source", sa.String()), sa.column("confirmed_at", sa.DateTime())
    )
    stamp = datetime(2026, 12, 2)
    rows = [
        {"day": d.day, "is_workday": d.is_workday, "name": d.name, "source": SOURCE, "changed_at": stamp}
        for year in package_years()
        for d in package_arrangement(year)
    ]
    op.bulk_insert(days, rows)
    op.bulk_insert(years, [{"year": y, "source": SOURCE, "confirmed_at": stamp} for y in package_years()])


def downgrade():
    op.drop_index("ix_human_task_open_light", table_name="human_task")
    op.drop_index("ix_application_open_light", table_name="application")
    with op.batch_alter_table("human_task") as batch:
        batch.drop_column("light")
    with op.batch_alter_table("application") as batch:
        batch.drop_column("light")
    op.drop_index("ix_clock_pause_application", table_name="clock_pause")
    op.drop_table("clock_pause")
    op.drop_table("clock_state")
    op.drop_table("calendar_year")
    op.drop_table("calendar_day")
