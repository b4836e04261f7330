"""The audit trail becomes append-only and hash-chained: who in which role, from where, and the hash links

Each event carries the hash of the event before it in its chain (per case; events about no case form one more
chain), filled here for the events already stored. On PostgreSQL a trigger refuses every UPDATE and DELETE of
an audit row, whoever asks (the app's role, the table owner): the only way around it is a superuser's
`SET session_replication_role = replica`, which is what the tamper test does, and what `flask audit verify`
then catches. (A case with audit events can therefore not be deleted either: its events cascade to a DELETE.)

Revision ID: 0011_clock_audit_chain
Revises: 0010_secweb_sessions_tokens
Create Date: 2026-12-02 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_clock_audit_chain"
down_revision = "0010_secweb_sessions_tokens"
branch_labels = None
depends_on = None

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""


def upgrade():
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("actor_role", sa.String(64), nullable=True))
        batch.add_column(sa.Column("origin", sa.String(64), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(64), nullable=True))
    op.create_index("ix_audit_event_chain", "audit_event", ["application_id", "id"])
    _link_existing_events()
    with op.batch_alter_table("audit_event") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("hash", existing_type=sa.String(64), nullable=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY)


_TYPES = {
    "application_id": sa.Integer(),
    "actor_id": sa.Integer(),
    "at": sa.DateTime(),
    "before": sa.JSON(),
    "after": sa.JSON(),
    "detail": sa.JSON(),
}


def _link_existing_events():
    from app.domain.audit_chain import GENESIS, HASHED_FIELDS, event_hash

    bind = op.get_bind()
    events = sa.table(
        "audit_event",
        sa.column("id", sa.Integer()),
        sa.column("prev_hash", sa.String()),
        sa.column("hash", sa.String()),
        *[sa.column(name, _TYPES.get(name, sa.String())) for name in HASHED_FIELDS],
    )
    rows = bind.execute(
        sa.select(events).order_by(events.c.application_id.asc().nulls_first(), events.c.id)
    ).mappings()
    chain, prev, updates = object(), GENESIS, []
    for row in rows:
        if row["application_id"] != chain:
            chain, prev = row["application_id"], GENESIS
        digest = event_hash(prev, row)
        updates.append({"event_id": row["id"], "prev": prev, "digest": digest})
        prev = digest
    if updates:
        bind.execute(
            events.update()
            .where(events.c.id == sa.bindparam("event_id"))
            .values(prev_hash=sa.bindparam("prev"), hash=sa.bindparam("digest")),
            updates,
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    op.drop_index("ix_audit_event_chain", table_name="audit_event")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
        batch.drop_column("origin")
        batch.drop_column("actor_role")
