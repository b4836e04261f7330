"""query indexes: open-task queues by department and lane, open cases by item version for supervision

Found with bench.queries (EXPLAIN ANALYZE at 1,000,000 generated cases): the queues filtered on
state IN ('ready', 'claimed') and sorted by due date had to read and sort every open task of the department;
the supervision counts read every application. Partial indexes hold only open rows, in queue order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

OPEN_TASK = sa.text("state IN ('ready', 'claimed')")
OPEN_CASE = sa.text("finished_at IS NULL")


def upgrade():
    op.create_index('ix_human_task_open_department_due', 'human_task', ['department_id', 'due_date', 'id'],
                    postgresql_where=OPEN_TASK, sqlite_where=OPEN_TASK)
    op.create_index('ix_human_task_open_lane_due', 'human_task', ['lane', 'due_date', 'id'],
                    postgresql_where=OPEN_TASK, sqlite_where=OPEN_TASK)
    op.create_index('ix_application_open_version_due', 'application', ['item_version_id', 'due_date'],
                    postgresql_where=OPEN_CASE, sqlite_where=OPEN_CASE)


def downgrade():
    op.drop_index('ix_application_open_version_due', table_name='application')
    op.drop_index('ix_human_task_open_lane_due', table_name='human_task')
    op.drop_index('ix_human_task_open_department_due', table_name='human_task')
