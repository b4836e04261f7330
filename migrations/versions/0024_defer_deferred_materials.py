"""容缺受理: the materials a case owes after acceptance with deferred materials

Revision ID: 0024_defer_deferred_materials
Revises: 0023_perf_complaint_centre
Create Date: 2026-12-02 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_defer_deferred_materials"
down_revision = "0023_perf_complaint_centre"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "deferred_material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("promised_by", sa.Date(), nullable=False),
        sa.Column("deferred_at", sa.DateTime(), nullable=False),
        sa.Column("deferred_by_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.String(length=32), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=True),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("received_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_deferred_material_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["deferred_by_id"], ["user_account.id"], name=op.f("fk_deferred_material_deferred_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_file.id"], name=op.f("fk_deferred_material_file_id_stored_file"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["user_account.id"], name=op.f("fk_deferred_material_uploaded_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["received_by_id"], ["user_account.id"], name=op.f("fk_deferred_material_received_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deferred_material")),
        sa.UniqueConstraint("application_id", "name", name=op.f("uq_deferred_material_application_id")),
    )
    with op.batch_alter_table("deferred_material", schema=None) as batch_op:
        batch_op.create_index("ix_deferred_material_owed", ["received_at", "promised_by"], unique=False)


def downgrade():
    with op.batch_alter_table("deferred_material", schema=None) as batch_op:
        batch_op.drop_index("ix_deferred_material_owed")
    op.drop_table("deferred_material")
