"""sessions that can be ended, and several named, expiring API tokens per user

user_account gains session_version (every web session carries it; logout raises it) and credential_version
(API tokens are valid for the one they were issued under; a new password, roles or switching off raise it).
The single api_token_hash column becomes the api_token table; a token already issued keeps working, named
"迁移前的令牌" and expiring 90 days from the upgrade.

Revision ID: 0010_secweb_sessions_tokens
Revises: 0009_docs_documents_outbox_fees
Create Date: 2026-12-02 04:00:00
"""

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "0010_secweb_sessions_tokens"
down_revision = "0009_docs_documents_outbox_fees"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("credential_version", sa.Integer(), server_default="1", nullable=False))
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("credential_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_api_token_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_user_id"), ["user_id"], unique=False)

    now = datetime.now(timezone.utc).replace(tzinfo=None)
    op.get_bind().execute(
        sa.text(
            "INSERT INTO api_token (user_id, name, token_hash, created_at, expires_at, credential_version) "
            "SELECT id, :name, api_token_hash, :now, :expires, 1 FROM user_account WHERE api_token_hash IS NOT NULL"
        ),
        {"name": "迁移前的令牌", "now": now, "expires": now + timedelta(days=90)},
    )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint("uq_user_account_api_token_hash", type_="unique")
        batch_op.drop_column("api_token_hash")


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("api_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_user_account_api_token_hash", ["api_token_hash"])
    # The newest live token of each user comes back as their one token; the others are lost.
    op.get_bind().execute(
        sa.text(
            "UPDATE user_account SET api_token_hash = (SELECT t.token_hash FROM api_token t "
            "WHERE t.user_id = user_account.id AND t.revoked_at IS NULL ORDER BY t.id DESC LIMIT 1)"
        )
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_user_id"))
    op.drop_table("api_token")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("credential_version")
        batch_op.drop_column("session_version")
