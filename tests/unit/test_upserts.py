"""INSERT … ON CONFLICT per database: the same SQL on both, and a clear refusal elsewhere."""

from __future__ import annotations

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from app.models import Application
from app.services.upserts import conflict_insert


@pytest.mark.parametrize("dialect", [postgresql.dialect(), sqlite.dialect()])
def test_the_conflict_clause_is_rendered_for_each_database(dialect):
    stmt = conflict_insert(dialect.name, Application, "submitting a case").on_conflict_do_nothing(
        index_elements=[Application.applicant_id, Application.submission_token]
    )
    sql = str(stmt.compile(dialect=dialect))
    assert "ON CONFLICT (applicant_id, submission_token) DO NOTHING" in sql


def test_another_database_is_refused_with_what_needed_it():
    with pytest.raises(NotImplementedError, match="submitting a case supports PostgreSQL and SQLite, not mysql"):
        conflict_insert("mysql", Application, "submitting a case")
