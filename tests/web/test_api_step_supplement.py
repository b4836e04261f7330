"""Issue 20: 补正 during a department step through the API, by the same service step as the task page: 卫健's
department system asks (scope decide, its own step only), the clock stands, the applicant's system reads what is
asked and answers with the corrected form (scope submit), and the clock runs on; the window's request before
acceptance is read and answered through the same endpoints."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import demo_item, new_token
from tests.integration.test_integrator_webhooks import integrator_token

MON_28_DEC = datetime(2026, 12, 28, 2, 0)
THU_31_DEC = datetime(2026, 12, 31, 2, 0)
MON_4_JAN = datetime(2027, 1, 4, 2, 0)
WHAT = "请补交从业人员健康证明（缺4人）"


def _accepted_case(client: FlaskClient, api_token: Any) -> tuple[str, int]:
    """A promised case of 卫健 accepted at the district window: its number and 卫健's open step."""
    slug, sample = demo_item("promised")
    citizen, window = api_token(client, "citizen"), api_token(client, "window")
    body = {"data": sample, "submission_token": new_token()}
    number = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).get_json()["tracking_number"]
    accepted = client.post(f"/api/v1/applications/{number}/accept", json={}, headers=window)
    assert accepted.status_code == 200, accepted.get_json()
    [step] = [t for t in accepted.get_json()["tasks"] if t["element_id"] == "wsjk_review"]
    return number, step["id"]


def _light(app: Flask, number: str) -> tuple[str, date | None]:
    from app.extensions import db
    from app.models import Application

    with app.app_context():
        case = db.session.scalar(select(Application).where(Application.tracking_number == number))
        return case.light, case.due_date


def test_a_department_system_asks_for_a_supplement_and_the_applicant_answers_through_the_api(
    demo: Flask, client: FlaskClient, api_token: Any
) -> None:
    from app.extensions import db
    from app.models import AuditEvent

    demo.config["CLOCK_NOW"] = lambda: MON_28_DEC
    number, task_id = _accepted_case(client, api_token)
    citizen = api_token(client, "citizen")
    wsjk = integrator_token(demo, "wsjk", "read decide", "卫健审批系统")
    reader = integrator_token(demo, "wsjk", "read", "卫健查询系统")
    nothing = client.get(f"/api/v1/applications/{number}/supplement-request", headers=citizen)
    assert nothing.status_code == 404 and "无需补正" in nothing.get_json()["message"]

    demo.config["CLOCK_NOW"] = lambda: THU_31_DEC
    url = f"/api/v1/tasks/{task_id}/supplement-request"
    # Only the step's own department, with the decide scope; the right is checked before the body is read.
    for who, headers in (("scjg", api_token(client, "scjg")), ("window", api_token(client, "window"))):
        refused = client.post(url, json={"what": WHAT}, headers=headers)
        assert refused.status_code == 403, who
    assert client.post(url, data="not json", headers=api_token(client, "scjg")).status_code == 403
    assert client.post(url, json={"what": WHAT}, headers=reader).status_code == 403  # read scope only
    empty = client.post(url, json={"what": "  "}, headers=wsjk)
    assert empty.status_code == 422 and "一次性告知" in str(empty.get_json()["details"])

    asked = client.post(url, json={"what": WHAT}, headers=wsjk)
    assert asked.status_code == 201, asked.get_json()
    expected = {
        "tracking_number": number,
        "asked_by": "department",
        "what": WHAT,
        "requested_on": "2026-12-31",
        "task_id": task_id,
        "task_name": asked.get_json()["task_name"],
        "department": "wsjk",
    }
    assert asked.get_json() == expected
    assert _light(demo, number)[0] == "paused"
    again = client.post(url, json={"what": WHAT}, headers=wsjk)
    assert again.status_code == 422 and "暂停" in again.get_json()["message"]

    # The applicant's system reads what is asked (so does the department); a department without a step does not.
    assert client.get(f"/api/v1/applications/{number}/supplement-request", headers=citizen).get_json() == expected
    assert client.get(f"/api/v1/applications/{number}/supplement-request", headers=wsjk).get_json() == expected
    stranger = client.get(f"/api/v1/applications/{number}/supplement-request", headers=api_token(client, "cgj"))
    assert stranger.status_code == 404

    # Only the applicant answers; another person's upload may not be named in the corrected form.
    demo.config["CLOCK_NOW"] = lambda: MON_4_JAN
    _, sample = demo_item("promised")
    corrected = sample | {"health_cert_count": sample["staff_count"]}
    answer_url = f"/api/v1/applications/{number}/supplement"
    assert client.post(answer_url, json={"data": corrected}, headers=wsjk).status_code == 403
    foreign = client.post(
        "/api/v1/uploads", data={"file": (io.BytesIO(b"%PDF-1.4 x"), "x.pdf")}, headers=api_token(client, "window")
    ).get_json()
    smuggled = client.post(answer_url, json={"data": corrected | {"floor_plan": foreign}}, headers=citizen)
    assert smuggled.status_code == 422 and foreign["file_id"] in str(smuggled.get_json()["details"])

    answered = client.post(answer_url, json={"data": corrected}, headers=citizen)
    assert answered.status_code == 200, answered.get_json()
    body = answered.get_json()
    assert body["status"] == "in_approval" and body["data"]["health_cert_count"] == sample["staff_count"]
    assert [t["state"] for t in body["tasks"] if t["id"] == task_id] == ["ready"]
    # Stood from 31 December to 4 January: due on 7 January instead of 4 January (2027: Monday–Friday).
    assert _light(demo, number) == ("green", date(2027, 1, 7))
    assert client.get(f"/api/v1/applications/{number}/supplement-request", headers=citizen).status_code == 404
    assert client.post(answer_url, json={"data": corrected}, headers=citizen).status_code == 409

    with demo.app_context():
        rows = db.session.execute(
            select(AuditEvent.action, AuditEvent.actor_name)
            .where(AuditEvent.action.like("step_supplement.%"))
            .order_by(AuditEvent.id)
        ).all()
    assert [(action, name) for action, name in rows] == [
        ("step_supplement.requested", "卫健审批系统（接口）"),
        ("step_supplement.answered", "张三（申请人）"),
    ]


def test_the_windows_request_before_acceptance_is_read_and_answered_through_the_same_endpoints(
    demo: Flask, client: FlaskClient, api_token: Any
) -> None:
    slug, sample = demo_item("promised")
    citizen, window = api_token(client, "citizen"), api_token(client, "window")
    body = {"data": sample, "submission_token": new_token()}
    number = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).get_json()["tracking_number"]
    asked = client.post(
        f"/api/v1/applications/{number}/request-supplement", json={"reason": "缺少卫生管理制度"}, headers=window
    )
    assert asked.status_code == 200, asked.get_json()
    awaited = client.get(f"/api/v1/applications/{number}/supplement-request", headers=citizen).get_json()
    assert (awaited["asked_by"], awaited["what"], awaited["department"]) == ("window", "缺少卫生管理制度", None)
    answered = client.post(f"/api/v1/applications/{number}/supplement", json={"data": sample}, headers=citizen)
    assert answered.status_code == 200, answered.get_json()
    assert answered.get_json()["status"] == "submitted"  # back to the window's review
