"""case_file: which stored files each case names; case_read: staff reading a case

case_file is filled here from the cases already stored (their data and their decisions), so the worker's removal
of uploads no case names (after UPLOAD_GRACE_HOURS) never takes a file a case still needs.

Revision ID: 0013_secweb_case_files_reads
Revises: 0012_authoring_drafts
Create Date: 2026-12-02 04:20:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0013_secweb_case_files_reads"
down_revision = "0012_authoring_drafts"
branch_labels = None
depends_on = None


def _references(data):
    # The same walk as app.services.uploads.file_references, frozen here as the migration's own.
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            return
    if isinstance(data, dict):
        if isinstance(data.get("file_id"), str) and {"name", "size"} <= data.keys():
            yield data["file_id"]
        for value in data.values():
            yield from _references(value)
    elif isinstance(data, list):
        for value in data:
            yield from _references(value)


def upgrade():
    op.create_table(
        "case_file",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["application.id"], name=op.f("fk_case_file_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_file.id"], name=op.f("fk_case_file_file_id_stored_file"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("application_id", "file_id", name=op.f("pk_case_file")),
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_file_file_id"), ["file_id"], unique=False)
    op.create_table(
        "case_read",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("surface", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["application.id"], name=op.f("fk_case_read_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_case_read_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_read")),
    )
    with op.batch_alter_table("case_read", schema=None) as batch_op:
        batch_op.create_index("ix_case_read_application_at", ["application_id", "at"], unique=False)
        batch_op.create_index("ix_case_read_user_at", ["user_id", "at"], unique=False)
    with op.batch_alter_table("stored_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_file_created_at"), ["created_at"], unique=False)

    bind = op.get_bind()
    files = {row[0] for row in bind.execute(sa.text("SELECT id FROM stored_file"))}
    if not files:
        return
    links = set()
    rows = bind.execute(sa.text("SELECT id, data FROM application"))
    for application_id, data in rows:
        links.update((application_id, f) for f in _references(data) if f in files)
    rows = bind.execute(sa.text("SELECT application_id, decision FROM human_task WHERE decision IS NOT NULL"))
    for application_id, decision in rows:
        links.update((application_id, f) for f in _references(decision) if f in files)
    if links:
        bind.execute(
            sa.text("INSERT INTO case_file (application_id, file_id) VALUES (:a, :f)"),
            [{"a": a, "f": f} for a, f in sorted(links)],
        )


def downgrade():
    with op.batch_alter_table("stored_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_file_created_at"))
    with op.batch_alter_table("case_read", schema=None) as batch_op:
        batch_op.drop_index("ix_case_read_user_at")
        batch_op.drop_index("ix_case_read_application_at")
    op.drop_table("case_read")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_file_file_id"))
    op.drop_table("case_file")
