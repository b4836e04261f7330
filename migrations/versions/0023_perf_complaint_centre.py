"""complaint.centre_id: complaints split by centre, scoped like the rest of supervision

Complaints about a case already stored take the case's accepting centre (or the centre that took it in); those
about a window or a clerk stay without a centre (the form did not ask it until now).

Revision ID: 0023_perf_complaint_centre
Revises: 0022_api_booking_booked_day
Create Date: 2026-12-02 11:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_perf_complaint_centre"
down_revision = "0022_api_booking_booked_day"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.add_column(sa.Column("centre_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_complaint_centre_created", ["centre_id", "created_at"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_complaint_centre_id_centre"), "centre", ["centre_id"], ["id"], ondelete="SET NULL"
        )
    op.execute(
        "UPDATE complaint SET centre_id = (SELECT coalesce(a.centre_id, a.received_centre_id) FROM application a "
        "WHERE a.id = complaint.application_id) WHERE application_id IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_complaint_centre_id_centre"), type_="foreignkey")
        batch_op.drop_index("ix_complaint_centre_created")
        batch_op.drop_column("centre_id")
