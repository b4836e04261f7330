"""Data elements (数据元) and the authored form of an item version beside its expanded, frozen form

Revision ID: 0021_elements_data_elements
Revises: 0020_hall_case_search
Create Date: 2026-12-02 07:40:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0021_elements_data_elements"
down_revision = "0020_hall_case_search"
branch_labels = None
depends_on = None

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.create_table(
        "data_element",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("label_en", sa.String(length=100), nullable=False),
        sa.Column("help", sa.Text(), nullable=False),
        sa.Column("schema", JSON_DOC, nullable=False),
        sa.Column("personal", sa.Boolean(), nullable=False),
        sa.Column("prefill", sa.String(length=16), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_data_element_department_id_department")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_element")),
        sa.UniqueConstraint("key", name=op.f("uq_data_element_key")),
    )
    with op.batch_alter_table("data_element", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_element_department_id"), ["department_id"], unique=False)
    with op.batch_alter_table("item_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("form_source", JSON_DOC, nullable=True))


def downgrade():
    with op.batch_alter_table("item_version", schema=None) as batch_op:
        batch_op.drop_column("form_source")
    with op.batch_alter_table("data_element", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_element_department_id"))
    op.drop_table("data_element")
