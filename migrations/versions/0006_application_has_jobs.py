"""application.has_jobs: saving a case skips the job query when it never had a timer or service call

Every save of a case read its jobs to close the ones whose step had gone; most cases never have any, so that was
one query per step for nothing (bench.lifecycle).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("has_jobs", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE application SET has_jobs = TRUE WHERE EXISTS (SELECT 1 FROM job WHERE job.application_id = application.id)"
    )


def downgrade():
    with op.batch_alter_table("application") as batch:
        batch.drop_column("has_jobs")
