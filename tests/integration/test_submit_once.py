"""One case per submission token, on whichever database the suite runs on (the PostgreSQL concurrency test
covers two submits in flight at once)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import new_token
from tests.integration.drive import live_version, user


def _submit(token: str, entered_by: str | None = None):
    from app.extensions import db
    from app.services import cases

    version, sample = live_version("joint")
    clerk = user(entered_by) if entered_by else None
    application = cases.submit_application(
        version=version, applicant=user("citizen"), form_data=sample, submission_token=token, entered_by=clerk
    )
    db.session.commit()
    return application


def test_a_repeated_token_answers_with_the_first_case_as_it_now_is(demo):
    from app.extensions import db
    from app.models import Application

    token = new_token()
    with demo.app_context():
        first = _submit(token, entered_by="window")  # a walk-in case typed in by the window clerk
        number, entered_by_id = first.tracking_number, first.entered_by_id
        assert first.status == "submitted" and entered_by_id is not None
        assert first.workflow_state and first.row_version == 2  # inserted, then its workflow and number saved
    with demo.app_context():
        again = _submit(token)
        assert (again.tracking_number, again.entered_by_id) == (number, entered_by_id)
        assert db.session.scalar(select(func.count()).where(Application.submission_token == token)) == 1


def test_a_retired_version_still_answers_a_repeat_but_takes_no_new_case(demo):
    from app.extensions import db
    from app.models import Application
    from app.models.base import utcnow
    from app.services.errors import NotFound

    token = new_token()
    with demo.app_context():
        number = _submit(token).tracking_number
        db.session.get(Application, db.session.scalar(select(Application.id))).item_version.retired_at = utcnow()
        db.session.commit()
    with demo.app_context():
        assert _submit(token).tracking_number == number
        with pytest.raises(NotFound):
            _submit(new_token())
