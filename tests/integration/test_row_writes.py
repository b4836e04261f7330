"""update_row: one row's columns written by a Core UPDATE, with the ORM's row-version check kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from tests.integration.drive import submit


def test_the_row_and_the_loaded_object_both_change_and_the_version_moves_on(demo):
    from app.extensions import db
    from app.models import Application
    from app.services.row_writes import update_row

    with demo.app_context():
        case_id = submit()
        application = db.session.get(Application, case_id)
        version = application.row_version
        update_row(application, outcome="refused", data={"note": "中文", "n": None})
        assert application.outcome == "refused"
        assert application.row_version == version + 1
        assert not db.session.dirty  # nothing left for the unit of work to write again
        db.session.commit()
        db.session.expire_all()
        stored = db.session.execute(
            select(Application.outcome, Application.data, Application.row_version).where(Application.id == case_id)
        ).one()
        assert tuple(stored) == ("refused", {"note": "中文", "n": None}, version + 1)


def test_a_row_changed_since_it_was_read_is_not_overwritten(demo):
    from app.extensions import db
    from app.models import Application
    from app.services.row_writes import update_row

    with demo.app_context():
        case_id = submit()
        application = db.session.get(Application, case_id)
        # Another writer moves the version on after this session read the row.
        with db.engine.begin() as other:
            other.execute(
                update(Application)
                .where(Application.id == case_id)
                .values(outcome="withdrawn", row_version=Application.row_version + 1)
            )
        with pytest.raises(StaleDataError, match=f"application {case_id} was changed"):
            update_row(application, outcome="refused")
        db.session.rollback()
        assert db.session.scalar(select(Application.outcome).where(Application.id == case_id)) == "withdrawn"


def test_a_later_orm_flush_of_the_same_object_uses_the_new_version(demo):
    from app.extensions import db
    from app.models import Application
    from app.services.row_writes import update_row

    with demo.app_context():
        case_id = submit()
        application = db.session.get(Application, case_id)
        update_row(application, outcome="refused")
        application.status = "issued"  # an ORM change after the Core write: its UPDATE must match the new version
        db.session.commit()
        stored = db.session.execute(
            select(Application.outcome, Application.status).where(Application.id == case_id)
        ).one()
        assert tuple(stored) == ("refused", "issued")
