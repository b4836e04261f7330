"""item_draft: an item's unpublished version, saved server-side so an admin can leave and come back

Revision ID: 0012_authoring_drafts
Revises: 0011_clock_audit_chain
Create Date: 2026-12-02 04:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012_authoring_drafts"
down_revision = "0011_clock_audit_chain"
branch_labels = None
depends_on = None

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    op.create_table(
        "item_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("content", JSON_DOC, nullable=False),
        sa.Column("based_on_version_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("editors", JSON_DOC, nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["service_item.id"], name=op.f("fk_item_draft_item_id_service_item"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["based_on_version_id"], ["item_version.id"], name=op.f("fk_item_draft_based_on_version_id_item_version")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_item_draft_created_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user_account.id"], name=op.f("fk_item_draft_updated_by_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_draft")),
        sa.UniqueConstraint("item_id", name=op.f("uq_item_draft_item_id")),
    )


def downgrade():
    op.drop_table("item_draft")
