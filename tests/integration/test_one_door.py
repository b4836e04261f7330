"""Every case step goes through one door (cases.complete_task): a service caller is held to the step's form as the
page and the API are, and the one-window functions name the steps a newcomer looks for."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.integration.drive import WSJK_DECIDE, WSJK_REVIEW, ready_task, step, submit, user


def _status(case_id: int) -> str:
    from app.extensions import db
    from app.models import Application

    return db.session.scalar(select(Application.status).where(Application.id == case_id))


def test_a_service_caller_cannot_issue_without_the_output_forms_fields(demo):
    from app.extensions import db
    from app.services import cases
    from app.services.errors import InvalidData

    with demo.app_context():
        case = submit("promised")
        step(case, "window_review", "window", {"decision": "accept"})
        step(case, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case, "wsjk_decide", "wsjk", WSJK_DECIDE)
        task_id = ready_task(case, "output_issue")
        with pytest.raises(InvalidData) as refused:
            cases.complete_task(task_id, user("window"), {"method": "window"})  # the old, wrong field name
        db.session.rollback()
        assert set(refused.value.details) >= {"delivery"}, refused.value.details
        assert _status(case) == "awaiting_issue"
        assert ready_task(case, "output_issue") == task_id  # nothing was written


def test_a_supplement_request_without_a_reason_is_refused_by_field(demo):
    from app.extensions import db
    from app.services import one_window
    from app.services.errors import InvalidData

    with demo.app_context():
        case = submit("promised")
        with pytest.raises(InvalidData) as refused:
            one_window.request_supplement(ready_task(case, "window_review"), user("window"), "  ")
        db.session.rollback()
        assert refused.value.details == {"reason": ["补正或不予受理时请填写理由"]}
        assert _status(case) == "submitted"


def test_a_decision_outside_the_choices_is_refused(demo):
    from app.extensions import db
    from app.services import cases
    from app.services.errors import InvalidData

    with demo.app_context():
        case = submit("promised")
        with pytest.raises(InvalidData) as refused:
            cases.complete_task(ready_task(case, "window_review"), user("window"), {"decision": "approve-all"})
        db.session.rollback()
        assert "decision" in refused.value.details


def test_the_one_window_functions_take_a_case_from_submission_to_issue(demo):
    from app.extensions import db
    from app.services import one_window

    with demo.app_context():
        case = submit("promised")
        one_window.request_supplement(ready_task(case, "window_review"), user("window"), "请补交营业执照复印件")
        db.session.commit()
        assert _status(case) == "supplement"
        from app.models import Application

        data = db.session.get(Application, case).data
        one_window.answer_supplement(ready_task(case, "applicant_supplement"), user("citizen"), data)
        db.session.commit()
        one_window.accept(ready_task(case, "window_review"), user("window"))
        db.session.commit()
        assert _status(case) == "in_approval"
        one_window.decide(ready_task(case, "wsjk_review"), user("wsjk"), WSJK_REVIEW)
        one_window.decide(ready_task(case, "wsjk_decide"), user("wsjk"), WSJK_DECIDE)
        db.session.commit()
        done = one_window.issue(
            ready_task(case, "output_issue"),
            user("window"),
            delivery="mail",
            mail_address="明湖区沙溪街道锦程大道301号",
            courier="sf",
            waybill="SF1234567890",
        )
        db.session.commit()
        assert done.application.status == "issued"
        assert all(t.state in ("completed", "cancelled") for t in done.tasks)


def test_a_step_function_refuses_a_task_of_another_step(demo):
    from app.extensions import db
    from app.services import one_window
    from app.services.errors import Conflict

    with demo.app_context():
        case = submit("promised")
        with pytest.raises(Conflict):
            one_window.issue(ready_task(case, "window_review"), user("window"), delivery="window")
        db.session.rollback()
        assert _status(case) == "submitted"


def test_the_api_and_the_service_refuse_alike(demo, api_token):
    from app.extensions import db

    with demo.app_context():
        case = submit("promised")
        step(case, "window_review", "window", {"decision": "accept"})
        task_id = ready_task(case, "wsjk_review")
        db.session.remove()
    client = demo.test_client()
    response = client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": {}}, headers=api_token(client, "wsjk"))
    assert response.status_code == 422
    body = response.get_json()
    assert body["error_code"] == "invalid_data" and body["details"], body
