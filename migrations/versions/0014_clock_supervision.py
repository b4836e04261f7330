"""Supervision dashboard: a finished case keeps its working days and timeliness; period indexes

Revision ID: 0014_clock_supervision
Revises: 0013_secweb_case_files_reads
Create Date: 2026-12-02 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_clock_supervision"
down_revision = "0013_secweb_case_files_reads"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("working_days", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("timeliness", sa.String(8), nullable=True))
    op.create_index("ix_application_submitted_at", "application", ["submitted_at", "item_version_id"])
    op.create_index("ix_application_accepted_at", "application", ["accepted_at", "item_version_id"])
    op.create_index("ix_application_finished_at", "application", ["finished_at", "item_version_id", "status"])
    op.create_index("ix_clock_pause_kind_started", "clock_pause", ["kind", "started_on"])


def downgrade():
    op.drop_index("ix_clock_pause_kind_started", table_name="clock_pause")
    op.drop_index("ix_application_finished_at", table_name="application")
    op.drop_index("ix_application_accepted_at", table_name="application")
    op.drop_index("ix_application_submitted_at", table_name="application")
    with op.batch_alter_table("application") as batch:
        batch.drop_column("timeliness")
        batch.drop_column("working_days")
