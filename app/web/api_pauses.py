"""The API's 特别程序 (excluded periods): the department of an open step declares that the clock stands (expert
review, hearing, public notice, on-site inspection) and ends it, through the service the task and case pages use
(app/services/case_clock.py). Views parse, call and render; the request commits."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify, request

from app.extensions import db
from app.models import Application, ClockPause
from app.services import case_clock, cases
from app.services.errors import NotFound
from app.web.api import bp
from app.web.api_guard import needs
from app.web.api_parsing import iso_date
from app.web.api_supplements import readable_case

needs("decide", "api.declare_excluded_period", "api.end_excluded_period")


@bp.post("/tasks/<int:task_id>/excluded-period")
def declare_excluded_period(task_id: int) -> Any:
    """The step's department says why and for about how long the clock stands; checked before the body is read."""
    task = cases.get_task(task_id)
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    reason, days = body.get("reason"), body.get("expected_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or not 0 < days < 2**31):
        days = 0  # refused by the service, after its check of who may declare, naming the field
    row = case_clock.declare_excluded_period(task, g.api_user, reason if isinstance(reason, str) else "", days)
    db.session.commit()
    return jsonify(pause_json(task.application, row)), 201


@bp.post("/applications/<tracking_number>/excluded-period/end")
def end_excluded_period(tracking_number: str) -> Any:
    """Whoever declared it (or a supervisor) ends the running excluded period; the clock runs on."""
    application = readable_case(tracking_number)
    row = case_clock.running_pause(application.id)
    if row is None:
        raise NotFound("没有进行中的特别程序")
    case_clock.end_excluded_period(application, g.api_user)
    db.session.commit()
    return jsonify(pause_json(application, row))


def pause_json(application: Application, row: ClockPause) -> dict[str, Any]:
    return {
        "tracking_number": application.tracking_number,
        "task_id": row.task_id,
        "reason": row.reason,
        "expected_days": row.expected_days,
        "started_on": iso_date(row.started_on),
        "ended_on": iso_date(row.ended_on),
    }
