"""A step's own limit in working days (环节时限), copied from its BPMN user task when the step opens; the
index by which a centre's supervision finds the cases its stations took in and forwarded

Revision ID: 0019_clock_step_limits
Revises: 0018_bundles_bundles
Create Date: 2026-12-02 07:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_clock_step_limits"
down_revision = "0018_bundles_bundles"
branch_labels = None
depends_on = None


def upgrade():
    # Nullable, no default: existing steps keep running on their case's limit.
    with op.batch_alter_table("human_task") as batch_op:
        batch_op.add_column(sa.Column("limit_days", sa.Integer(), nullable=True))
    op.create_index("ix_application_received_centre", "application", ["received_centre_id"], unique=False)


def downgrade():
    op.drop_index("ix_application_received_centre", table_name="application")
    with op.batch_alter_table("human_task") as batch_op:
        batch_op.drop_column("limit_days")
