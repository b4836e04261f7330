"""case_search_term: what each case can be found by; pg_trgm for names on PostgreSQL; "my finished work" index

Filled here from the cases already stored (names, ID numbers, mobiles and credit codes in their data, and the
applicant's account name), with a frozen copy of app/domain/search_terms.py's walk.

Revision ID: 0020_hall_case_search
Revises: 0019_clock_step_limits
Create Date: 2026-12-02 07:40:00
"""

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0020_hall_case_search"
down_revision = "0019_clock_step_limits"
branch_labels = None
depends_on = None

FORMAT_KINDS = {"cn-resident-id": "id_number", "cn-mobile": "mobile", "cn-credit-code": "credit_code"}
NAME_KEYS = {"name", "legal_rep", "contact", "contact_name", "applicant_name", "company_name"}


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _walk(schema, data, key=""):
    if not isinstance(schema, dict):
        return
    if isinstance(data, dict):
        properties = schema.get("properties") or {}
        for name, value in data.items():
            yield from _walk(properties.get(name, {}), value, name)
    elif isinstance(data, list):
        items = schema.get("items")
        for value in data:
            yield from _walk(items if isinstance(items, dict) else {}, value, key)
    elif isinstance(data, str):
        kind = FORMAT_KINDS.get(str(schema.get("format") or ""))
        if kind is not None:
            yield kind, re.sub(r"[\s\-]+", "", data).upper()[:200]
        elif key in NAME_KEYS:
            yield "name", data.strip()[:200]


def upgrade():
    op.create_table(
        "case_search_term",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_case_search_term_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("application_id", "kind", "value", name=op.f("pk_case_search_term")),
    )
    op.create_index("ix_case_search_term_value", "case_search_term", ["value", "submitted_at", "application_id"])
    op.create_index("ix_human_task_completed_by", "human_task", ["completed_by_id", "completed_at"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # Any part of a name from three characters on (C.UTF-8 and zh locales count CJK characters as letters).
    op.create_index(
        "ix_case_search_term_name_trgm",
        "case_search_term",
        ["value"],
        postgresql_using="gin",
        postgresql_ops={"value": "gin_trgm_ops"},
        postgresql_where=sa.text("kind = 'name'"),
        sqlite_where=sa.text("kind = 'name'"),
    )
    rows = bind.execute(
        sa.text(
            "SELECT a.id, a.data, v.form_schema, u.display_name, a.submitted_at FROM application a "
            "JOIN item_version v ON v.id = a.item_version_id JOIN user_account u ON u.id = a.applicant_id"
        )
    )
    terms = []
    for application_id, data, schema, display_name, submitted_at in rows:
        found = {(kind, value) for kind, value in _walk(_json(schema), _json(data)) if value}
        if display_name:
            found.add(("name", display_name.strip()[:200]))
        terms += [
            {"application_id": application_id, "kind": k, "value": v, "submitted_at": submitted_at}
            for k, v in sorted(found)
        ]
    if terms:
        columns = ("application_id", "kind", "value", "submitted_at")
        table = sa.table("case_search_term", *(sa.column(name) for name in columns))
        op.bulk_insert(table, terms)


def downgrade():
    op.drop_index("ix_case_search_term_name_trgm", table_name="case_search_term")
    op.drop_index("ix_human_task_completed_by", table_name="human_task")
    op.drop_index("ix_case_search_term_value", table_name="case_search_term")
    op.drop_table("case_search_term")
