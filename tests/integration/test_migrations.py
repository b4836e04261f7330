"""The migrations build exactly the models' schema, and 0007 counts the cases a database already holds."""

from __future__ import annotations

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from tests.integration.drive import (
    WINDOW_ACCEPT,
    WINDOW_DECLINE,
    counted_tally,
    department_id,
    step,
    stored_tally,
    submit,
)


def test_models_and_migrations_agree(app):
    """What `flask db migrate` would generate after the migrations: nothing."""
    from app.extensions import db
    from app.models import Base

    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_to_0007_fills_the_tally_from_the_cases_already_stored(demo):
    from app.extensions import db
    from app.models import UNACCEPTED_DUE_DATE, Application

    with demo.app_context():
        waiting, accepted, declined = submit("promised"), submit("joint"), submit("promised")
        step(accepted, "window_review", "window", WINDOW_ACCEPT)
        step(declined, "window_review", "window", WINDOW_DECLINE)
        due = db.session.scalar(select(Application.due_date).where(Application.id == accepted))
        expected = {(department_id("wsjk"), UNACCEPTED_DUE_DATE): 1, (department_id("scjg"), due): 1}
        assert waiting and stored_tally() == counted_tally() == expected
        db.session.remove()
        try:
            flask_migrate.downgrade(revision="0006")  # the database as it was before the tally existed
        finally:
            flask_migrate.upgrade()
        assert stored_tally() == expected
