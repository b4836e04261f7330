"""The API's 补正 endpoints: what a case waits for from its applicant, a department asking for it during its step
(审查中补正, the clock stands) and the applicant's answer to either kind. Each goes through the service step the
pages use (app/services/step_supplement.py, app/services/supplement_requests.py); views parse, call and render, the
request commits."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify, request

from app.extensions import db
from app.models import Application
from app.services import step_supplement, supplement_requests
from app.services.case_access import check_readable
from app.services.case_rows import case_row
from app.services.errors import InvalidData, NotFound
from app.services.supplement_requests import AwaitedSupplement
from app.services.uploads import check_references_owned
from app.web.api import bp, get_case
from app.web.api_guard import needs
from app.web.api_parsing import iso_date, json_object

needs("decide", "api.request_step_supplement")
needs("submit", "api.answer_supplement")


def readable_case(tracking_number: str) -> Application:
    """The case, for a caller who may read it (others: 404, as if it did not exist); a staff read is recorded."""
    case = case_row(tracking_number)
    check_readable(case.id, case.applicant_id, case.entered_by_id, g.api_user, "api")
    application = db.session.get(Application, case.id)
    assert application is not None
    return application


@bp.get("/applications/<tracking_number>/supplement-request")
def awaited_supplement(tracking_number: str) -> Any:
    """What the case waits for from its applicant: the window's request before acceptance, or a department's
    during its step; 404 when it waits for nothing."""
    application = readable_case(tracking_number)
    found = supplement_requests.awaited(application)
    db.session.commit()  # the staff read is recorded
    if found is None:
        raise NotFound(f"办件 {tracking_number} 当前无需补正")
    return jsonify(supplement_json(tracking_number, found))


@bp.post("/tasks/<int:task_id>/supplement-request")
def request_step_supplement(task_id: int) -> Any:
    """The department of an open step asks the applicant for what is missing (一次性告知); the clock stands until
    they answer. The caller's right to the step is checked before the body is read."""
    body = request.get_json(silent=True)
    what = body.get("what") if isinstance(body, dict) else None
    pause = step_supplement.request_supplement(task_id, g.api_user, what if isinstance(what, str) else "")
    application = db.session.get(Application, pause.application_id)
    assert application is not None
    found = supplement_requests.awaited(application)
    assert found is not None
    db.session.commit()
    return jsonify(supplement_json(application.tracking_number or "", found)), 201


@bp.post("/applications/<tracking_number>/supplement")
def answer_supplement(tracking_number: str) -> Any:
    """The applicant answers what the case waits for (either kind) with the corrected application form."""
    data = json_object().get("data")
    if not isinstance(data, dict):
        raise InvalidData("需要 data（对象）：补正后的完整申请表", details={"data": ["需要对象"]})
    application = readable_case(tracking_number)
    if foreign := check_references_owned(g.api_user, data, case_id=application.id):
        raise InvalidData("申请数据不符合表单要求", details=foreign)
    supplement_requests.answer(application, g.api_user, data)
    db.session.commit()
    return get_case(tracking_number)  # the case as a fresh read gives it


def supplement_json(tracking_number: str, found: AwaitedSupplement) -> dict[str, Any]:
    return {
        "tracking_number": tracking_number,
        "asked_by": found.asked_by,
        "what": found.what,
        "requested_on": iso_date(found.requested_on),
        "task_id": found.task_id,
        "task_name": found.task_name,
        "department": found.department,
    }
