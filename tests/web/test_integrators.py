"""Issue 20's API for department systems: integrator clients' scopes, rate limit and switch; Idempotency-Key on
POSTs; cursors; search with need to know; the window's steps and materials through the API."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import demo_item, new_token
from tests.integration.test_integrator_webhooks import accepted_joint_case, integrator_token


def _submit(client: FlaskClient, headers: dict[str, str], key: str | None = None, **extra: Any) -> Any:
    slug, sample = demo_item("joint")
    body = {"data": sample, "submission_token": new_token(), **extra}
    key_header = {"Idempotency-Key": key} if key else {}
    return client.post(f"/api/v1/items/{slug}/applications", json=body, headers={**headers, **key_header})


def test_a_read_only_client_reads_but_may_not_decide(demo: Flask, client: FlaskClient, api_token: Any) -> None:
    reader = integrator_token(demo, "wsjk", "read", "卫健统计系统")
    accepted_joint_case(client, api_token)
    [task] = client.get("/api/v1/tasks", headers=reader).get_json()["tasks"]
    refused = client.post(f"/api/v1/tasks/{task['id']}/claim", headers=reader)
    assert refused.status_code == 403
    assert "没有 decide 权限" in refused.get_json()["message"]
    assert _submit(client, reader).status_code == 403  # submit is a scope of its own


def test_a_client_has_its_own_rate_limit_and_its_calls_are_logged(demo: Flask, client: FlaskClient) -> None:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import ApiCall

    busy = integrator_token(demo, "scjg", "read", "市场监管证照系统")
    with demo.app_context():
        from app.models import IntegratorClient

        db.session.scalar(select(IntegratorClient)).rate_limit = "3/minute"
        db.session.commit()
    statuses = [client.get("/api/v1/tasks", headers=busy).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/tasks", headers=busy)
    assert refused.get_json()["error_code"] == "rate_limited" and int(refused.headers["Retry-After"]) > 0
    assert client.get("/api/v1/tasks", headers=integrator_token(demo, "scjg", "read", "档案系统")).status_code == 200
    with demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(ApiCall)) == 6  # refused calls are logged too


def test_switching_a_client_off_stops_its_tokens(demo: Flask, client: FlaskClient) -> None:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import IntegratorClient

    headers = integrator_token(demo, "wsjk", "read", "卫健审批系统")
    assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    with demo.app_context():
        db.session.scalar(select(IntegratorClient)).active = False
        db.session.commit()
    assert client.get("/api/v1/tasks", headers=headers).status_code == 401


def test_a_retried_post_with_its_idempotency_key_gets_the_first_answer(
    demo: Flask, client: FlaskClient, api_token: Any
) -> None:
    citizen = api_token(client, "citizen")
    first = _submit(client, citizen, key="retry-1")
    assert first.status_code == 201
    slug, sample = demo_item("joint")
    body = {"data": sample, "submission_token": "same-body"}
    once = client.post(f"/api/v1/items/{slug}/applications", json=body, headers={**citizen, "Idempotency-Key": "k2"})
    again = client.post(f"/api/v1/items/{slug}/applications", json=body, headers={**citizen, "Idempotency-Key": "k2"})
    assert (once.status_code, again.status_code) == (201, 201)
    assert again.get_json() == once.get_json() and again.headers["Idempotent-Replayed"] == "true"
    other = client.post(
        f"/api/v1/items/{slug}/applications",
        json={**body, "submission_token": "another"},
        headers={**citizen, "Idempotency-Key": "k2"},
    )
    assert other.status_code == 422 and "Idempotency-Key" in other.get_json()["details"]
    # A failed call leaves no key behind: its retry runs again.
    bad = {"data": dict(sample, staff_count="很多"), "submission_token": "bad"}
    for _ in range(2):
        response = client.post(
            f"/api/v1/items/{slug}/applications", json=bad, headers={**citizen, "Idempotency-Key": "k3"}
        )
        assert response.status_code == 422 and "Idempotent-Replayed" not in response.headers
    assert client.post("/api/v1/tasks/1/claim", headers={**citizen, "Idempotency-Key": "has space"}).status_code == 422


def test_case_search_pages_with_a_cursor_and_shows_departments_only_their_cases(
    demo: Flask, client: FlaskClient, api_token: Any
) -> None:
    citizen = api_token(client, "citizen")
    numbers = [_submit(client, citizen).get_json()["tracking_number"] for _ in range(3)]
    page = client.get("/api/v1/applications?limit=2", headers=citizen).get_json()
    assert [c["tracking_number"] for c in page["applications"]] == numbers[::-1][:2]
    rest = client.get(f"/api/v1/applications?limit=2&cursor={page['next_cursor']}", headers=citizen).get_json()
    assert [c["tracking_number"] for c in rest["applications"]] == [numbers[0]] and rest["next_cursor"] is None
    wsjk = integrator_token(demo, "wsjk", "read", "卫健审批系统")
    assert client.get("/api/v1/applications", headers=wsjk).get_json()["applications"] == []  # not accepted yet
    accepted = accepted_joint_case(client, api_token)
    seen = client.get("/api/v1/applications?status=in_approval", headers=wsjk).get_json()["applications"]
    assert [c["tracking_number"] for c in seen] == [accepted]
    assert client.get("/api/v1/applications?cursor=abc", headers=wsjk).status_code == 400
    assert client.get("/api/v1/applications?colour=red", headers=wsjk).status_code == 400


def test_the_window_steps_and_materials_through_the_api(demo: Flask, client: FlaskClient, api_token: Any) -> None:
    citizen, window = api_token(client, "citizen"), api_token(client, "window")
    stored = client.post(
        "/api/v1/uploads", data={"file": (io.BytesIO(b"%PDF-1.4 plan"), "plan.pdf")}, headers=citizen
    ).get_json()
    assert stored["media_type"] == "application/pdf"
    number = _submit(client, citizen).get_json()["tracking_number"]
    supplement = client.post(
        f"/api/v1/applications/{number}/request-supplement", json={"reason": "缺少平面图"}, headers=window
    )
    assert supplement.status_code == 200 and supplement.get_json()["status"] == "supplement"
    slug, sample = demo_item("joint")
    answered = client.post(f"/api/v1/applications/{number}/supplement", json={"data": sample}, headers=citizen)
    assert answered.status_code == 200, answered.get_json()
    assert client.post(f"/api/v1/applications/{number}/accept", json={}, headers=window).get_json()["status"] == (
        "in_approval"
    )
    again = client.post(f"/api/v1/applications/{number}/accept", json={}, headers=window)
    assert again.status_code == 409  # no window review is open any more
    declined_number = _submit(client, citizen).get_json()["tracking_number"]
    declined = client.post(
        f"/api/v1/applications/{declined_number}/decline", json={"reason": "不属于本中心"}, headers=window
    )
    assert declined.get_json()["status"] == "declined"
    # The applicant downloads their own material; another department's approver does not find it.
    assert client.get(f"/api/v1/files/{stored['file_id']}", headers=citizen).data.startswith(b"%PDF")
    assert client.get(f"/api/v1/files/{stored['file_id']}", headers=api_token(client, "cgj")).status_code == 404
    item = client.get(f"/api/v1/items/{slug}").get_json()
    assert item["slug"] == slug and isinstance(item["guide"], dict) and item["form_schema"]["type"] == "object"
    figures = client.get("/api/v1/supervision", headers=api_token(client, "supervisor")).get_json()
    assert figures["departments"]
    assert client.get("/api/v1/supervision", headers=citizen).status_code == 403


def test_ids_beyond_the_id_columns_are_404_not_a_database_error(demo: Flask, client: FlaskClient, api_token: Any):
    # Found by the fuzzer on PostgreSQL: 1278676792202 fits 64 bits but not the INTEGER id columns.
    headers = api_token(client, "wsjk")
    for task_id in (2**31, 1278676792202, 2**63):
        assert client.post(f"/api/v1/tasks/{task_id}/claim", headers=headers).status_code == 404
    assert client.post("/api/v1/tasks/2147483647/claim", headers=headers).status_code == 404  # the largest id: none


def test_a_case_issued_through_the_api_tells_both_departments_systems(
    demo: Flask, client: FlaskClient, api_token: Any
) -> None:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import WebhookDelivery

    systems = {code: integrator_token(demo, code, "read decide", f"{code} 系统") for code in ("scjg", "wsjk")}
    for headers in systems.values():
        body = {"url": "http://127.0.0.1:9/events", "events": ["case.issued"]}
        assert client.post("/api/v1/webhooks", json=body, headers=headers).status_code == 201
    number = accepted_joint_case(client, api_token)
    decisions = {
        "scjg": {"approved": True, "opinion": "材料齐全，符合条件", "inspection_result": "pass"},
        "wsjk": {"approved": True, "opinion": "卫生条件符合"},
    }
    for code, headers in systems.items():
        [task] = client.get("/api/v1/tasks", headers=headers).get_json()["tasks"]
        done = client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": decisions[code]}, headers=headers)
        assert done.status_code == 200, done.get_json()
    window = api_token(client, "window")
    issued = client.post(f"/api/v1/applications/{number}/issue", json={"delivery": "window"}, headers=window)
    assert issued.status_code == 200, issued.get_json()
    assert issued.get_json()["status"] == "issued"
    with demo.app_context():
        events = db.session.scalars(select(WebhookDelivery.payload).order_by(WebhookDelivery.id)).all()
    assert sorted(p["department"] for p in events if p["event"] == "case.issued") == ["scjg", "wsjk"]


@pytest.mark.postgres
def test_two_copies_of_one_post_at_once_act_once(pg_demo: Flask) -> None:
    """The unique (caller, key) index decides between copies in flight: one subscribes, the other waits for it and
    then gets its answer (or 409 while the answer is being stored), never a second subscription."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import WebhookSubscription

    headers = {**integrator_token(pg_demo, "wsjk", "read", "卫健审批系统"), "Idempotency-Key": "subscribe-once"}
    body = {"url": "http://127.0.0.1:9/events", "events": ["task.ready"]}
    start = threading.Barrier(4)
    statuses: list[int] = []

    def send() -> None:
        client = pg_demo.test_client()
        start.wait()
        statuses.append(client.post("/api/v1/webhooks", json=body, headers=headers).status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert 201 in statuses and set(statuses) <= {201, 409}, statuses
    with pg_demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookSubscription)) == 1
