"""The bookings still waiting for their citizen, by day: the worker marks no-shows after each slot's end

Revision ID: 0022_api_booking_booked_day
Revises: 0021_elements_data_elements
Create Date: 2026-12-02 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_api_booking_booked_day"
down_revision = "0021_elements_data_elements"
branch_labels = None
depends_on = None

BOOKED = sa.text("state = 'booked'")


def upgrade():
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.create_index(
            "ix_booking_booked_day", ["day", "ends"], unique=False, postgresql_where=BOOKED, sqlite_where=BOOKED
        )


def downgrade():
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.drop_index("ix_booking_booked_day", postgresql_where=BOOKED, sqlite_where=BOOKED)
