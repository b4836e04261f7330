"""documents (case_document, document_template), the outbox as a real send queue (notification columns,
notification_template), fees, and a person's e-mail and language

Revision ID: 0009_docs_documents_outbox_fees
Revises: 0008_clock_calendar
Create Date: 2026-12-02 04:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009_docs_documents_outbox_fees"
down_revision = "0008_clock_calendar"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("email", sa.String(200), nullable=True))
        batch.add_column(sa.Column("locale", sa.String(8), nullable=True))

    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("event", sa.String(48), nullable=True))
        batch.add_column(sa.Column("locale", sa.String(8), nullable=False, server_default="zh_CN"))
        batch.add_column(sa.Column("subject", sa.String(200), nullable=True))
        batch.add_column(sa.Column("dedupe_key", sa.String(200), nullable=True))
        # Rows written before this revision were never sent anywhere: they stay as the record they were.
        batch.add_column(sa.Column("state", sa.String(16), nullable=False, server_default="sent"))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("max_attempts", sa.Integer(), nullable=False, server_default="6"))
        batch.add_column(
            sa.Column("next_attempt_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP"))
        )
        batch.add_column(sa.Column("locked_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("sent_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("read_at", sa.DateTime(), nullable=True))
        batch.create_foreign_key(
            "fk_notification_user_id_user_account", "user_account", ["user_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_unique_constraint("uq_notification_dedupe_key", ["dedupe_key"])
        batch.create_index("ix_notification_due", ["state", "next_attempt_at"])
        batch.create_index("ix_notification_inbox", ["user_id", "channel", "created_at"])

    op.create_table(
        "notification_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(48), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("subject", sa.String(200), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notification_template"),
        sa.UniqueConstraint("event", "channel", "locale", name="uq_notification_template_event"),
    )

    op.create_table(
        "case_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("number", sa.String(64), nullable=False),
        sa.Column("verification_code", sa.String(24), nullable=False),
        sa.Column("holder_name", sa.String(200), nullable=False),
        sa.Column("item_name", sa.String(200), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("context", JSON, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name="fk_case_document_application_id_application",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["user_account.id"], name="fk_case_document_revoked_by_id_user_account"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_document"),
        sa.UniqueConstraint("application_id", "kind", "sequence", name="uq_case_document_application_id"),
        sa.UniqueConstraint("verification_code", name="uq_case_document_verification_code"),
    )
    op.create_index("ix_case_document_application", "case_document", ["application_id", "created_at"])

    op.create_table(
        "document_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["service_item.id"], name="fk_document_template_item_id_service_item", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_document_template"),
        sa.UniqueConstraint("kind", "item_id", name="uq_document_template_kind"),
    )

    op.create_table(
        "fee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("rule", JSON, nullable=False),
        sa.Column("payment_code", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("assessed_at", sa.DateTime(), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=True),
        sa.Column("method", sa.String(16), nullable=True),
        sa.Column("transaction_ref", sa.String(100), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["application.id"], name="fk_fee_application_id_application", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"], name="fk_fee_recorded_by_id_user_account"),
        sa.PrimaryKeyConstraint("id", name="pk_fee"),
        sa.UniqueConstraint("application_id", name="uq_fee_application_id"),
        sa.UniqueConstraint("payment_code", name="uq_fee_payment_code"),
    )


def downgrade():
    op.drop_table("fee")
    op.drop_table("document_template")
    op.drop_index("ix_case_document_application", table_name="case_document")
    op.drop_table("case_document")
    op.drop_table("notification_template")
    with op.batch_alter_table("notification") as batch:
        batch.drop_index("ix_notification_inbox")
        batch.drop_index("ix_notification_due")
        batch.drop_constraint("uq_notification_dedupe_key", type_="unique")
        batch.drop_constraint("fk_notification_user_id_user_account", type_="foreignkey")
        for column in (
            "read_at",
            "sent_at",
            "last_error",
            "locked_until",
            "locked_by",
            "next_attempt_at",
            "max_attempts",
            "attempts",
            "state",
            "dedupe_key",
            "subject",
            "locale",
            "event",
            "user_id",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("locale")
        batch.drop_column("email")
