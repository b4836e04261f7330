"""Bundles (一件事): bundle, bundle_version, and per-department field visibility of item versions

Revision ID: 0018_bundles_bundles
Revises: 0017_secapi_integrators_webhooks
Create Date: 2026-12-02 07:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0018_bundles_bundles"
down_revision = "0017_secapi_integrators_webhooks"
branch_labels = None
depends_on = None

JsonDoc = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    with op.batch_alter_table("item_version") as batch:
        batch.add_column(sa.Column("field_sight", JsonDoc, nullable=True))
    op.create_table(
        "bundle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("life_event", sa.String(length=100), nullable=False),
        sa.Column("all_or_nothing", sa.Boolean(), nullable=False),
        sa.Column("member_item_ids", JsonDoc, nullable=False),
        sa.Column("guide", JsonDoc, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["service_item.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id"),
    )
    op.create_table(
        "bundle_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("item_version_id", sa.Integer(), nullable=False),
        sa.Column("members", JsonDoc, nullable=False),
        sa.Column("all_or_nothing", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["bundle_id"], ["bundle.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["item_version_id"], ["item_version.id"]),
        sa.ForeignKeyConstraint(["published_by_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bundle_id", "number"),
        sa.UniqueConstraint("item_version_id"),
    )
    op.create_index("ix_bundle_version_bundle_id", "bundle_version", ["bundle_id"])


def downgrade():
    op.drop_index("ix_bundle_version_bundle_id", table_name="bundle_version")
    op.drop_table("bundle_version")
    op.drop_table("bundle")
    with op.batch_alter_table("item_version") as batch:
        batch.drop_column("field_sight")
