"""Issue 20, the API for department systems: an integrator of 卫健 completes its step through the API and receives
the webhook of the next case, delivered to a small HTTP receiver on 127.0.0.1, through one outage and the retry."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import demo_item, new_token


class Receiver:
    """A department system's webhook endpoint: records every POST; can be stopped (an outage) and started again
    on the same port."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.port = 0
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append({"headers": dict(self.headers), "body": body})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/yichuang/events"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    found.start()
    yield found
    if found.server is not None:
        found.stop()


def integrator_token(app: Flask, department: str, scopes: str, name: str) -> dict[str, str]:
    from app.extensions import db
    from app.services.integrators import create_client, issue_client_token

    with app.app_context():
        client = create_client(name, department, scopes)
        _, token = issue_client_token(client, "生产")
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def accepted_joint_case(client: FlaskClient, api_token: Any) -> str:
    slug, sample = demo_item("joint")
    citizen, window = api_token(client, "citizen"), api_token(client, "window")
    body = {"data": sample, "submission_token": new_token()}
    number = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).get_json()["tracking_number"]
    [review] = [
        t for t in client.get("/api/v1/tasks", headers=window).get_json()["tasks"] if t["tracking_number"] == number
    ]
    accepted = client.post(
        f"/api/v1/tasks/{review['id']}/complete", json={"data": {"decision": "accept"}}, headers=window
    )
    assert accepted.status_code == 200, accepted.get_json()
    return number


def deliver(app: Flask, now: Any = None) -> int:
    from app.webhooks.delivery import deliver_due

    with app.app_context():
        return deliver_due("test-worker", now)


def check_signed(delivery: dict[str, Any], secret: str) -> dict[str, Any]:
    from app.webhooks.signing import verify

    headers = delivery["headers"]
    assert verify(secret, headers["X-Yichuang-Timestamp"], delivery["body"], headers["X-Yichuang-Signature"])
    assert not verify(
        "another secret", headers["X-Yichuang-Timestamp"], delivery["body"], headers["X-Yichuang-Signature"]
    )
    body = json.loads(delivery["body"])
    assert headers["Idempotency-Key"] == body["id"] and headers["X-Yichuang-Event"] == body["event"]
    return body


def test_an_integrator_of_wsjk_completes_its_step_and_hears_of_the_next_case_through_an_outage(
    demo: Flask, client: FlaskClient, api_token: Any, receiver: Receiver
) -> None:
    from app.extensions import db
    from app.models import ApiCall, AuditEvent, WebhookAttempt
    from app.models.base import utcnow

    wsjk = integrator_token(demo, "wsjk", "read decide", "卫健审批系统")
    subscribed = client.post("/api/v1/webhooks", json={"url": receiver.url, "events": ["task.ready"]}, headers=wsjk)
    assert subscribed.status_code == 201, subscribed.get_json()
    secret = subscribed.get_json()["secret"]

    # The first case reaches 卫健: the webhook says so, and the system completes its step through the API.
    first = accepted_joint_case(client, api_token)
    assert deliver(demo) == 1
    [heard] = receiver.received
    event = check_signed(heard, secret)
    assert (event["event"], event["department"], event["case"]["tracking_number"]) == ("task.ready", "wsjk", first)
    task_id = event["task"]["id"]
    assert client.post(f"/api/v1/tasks/{task_id}/claim", headers=wsjk).status_code == 200
    decision = {"approved": True, "opinion": "卫生条件符合（卫健审批系统核验）"}
    done = client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": decision}, headers=wsjk)
    assert done.status_code == 200, done.get_json()

    # The next case comes while the receiver is down: the attempt fails, nothing is lost, the retry delivers it.
    receiver.stop()
    second = accepted_joint_case(client, api_token)
    assert deliver(demo) == 1
    assert len(receiver.received) == 1
    assert deliver(demo) == 0  # not due again before its backoff
    receiver.start()
    assert deliver(demo, utcnow() + timedelta(minutes=1)) == 1
    event = check_signed(receiver.received[-1], secret)
    assert (event["event"], event["case"]["tracking_number"]) == ("task.ready", second)

    log = client.get("/api/v1/webhooks/deliveries", headers=wsjk).get_json()["deliveries"]
    assert [(d["state"], d["attempts"]) for d in log] == [("delivered", 2), ("delivered", 1)]
    assert log[0]["idempotency_key"] == event["id"]
    with demo.app_context():
        attempts = db.session.execute(select(WebhookAttempt.status, WebhookAttempt.error).order_by(WebhookAttempt.id))
        statuses = [(status, bool(error)) for status, error in attempts]
        assert statuses == [(204, False), (None, True), (204, False)]
        trail = db.session.scalars(select(AuditEvent.actor_name).where(AuditEvent.action == "wsjk_review.completed"))
        assert list(trail) == ["卫健审批系统（接口）"]
        calls = db.session.execute(select(ApiCall.method, ApiCall.path, ApiCall.status).order_by(ApiCall.id)).all()
        assert ("POST", f"/api/v1/tasks/{task_id}/complete", 200) in calls and len(calls) >= 4


@pytest.mark.postgres
def test_two_workers_racing_deliver_each_event_once(pg_demo: Flask, receiver: Receiver) -> None:
    from app.extensions import db
    from app.models import Application, DeliveryState, WebhookDelivery
    from app.webhooks.queue import queue_call

    with pg_demo.app_context():
        from tests.integration.drive import submit

        case_id = submit("joint")
        application = db.session.get(Application, case_id)
        for number in range(12):
            queue_call(application, receiver.url, {"n": number})
        db.session.commit()

    counts: list[int] = []
    start = threading.Barrier(2)

    def race(name: str) -> None:
        start.wait()
        with pg_demo.app_context():
            from app.webhooks.delivery import deliver_due

            counts.append(deliver_due(name))

    threads = [threading.Thread(target=race, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == 12
    numbers = sorted(json.loads(r["body"])["payload"]["n"] for r in receiver.received)
    assert numbers == list(range(12))  # each once: SKIP LOCKED and the claim's lease keep the two workers apart
    with pg_demo.app_context():
        states = db.session.scalars(select(WebhookDelivery.state)).all()
        assert set(states) == {DeliveryState.DELIVERED}


def test_the_bpmn_call_webhook_action_queues_a_signed_delivery(demo: Flask, receiver: Receiver) -> None:
    from app.extensions import db
    from app.models import Application
    from app.services.actions import ActionFailed, run_action
    from app.webhooks.delivery import platform_secret
    from tests.integration.drive import submit

    with demo.app_context():
        application = db.session.get(Application, submit("joint"))
        with pytest.raises(ActionFailed, match="http"):
            run_action(application, "call_webhook", {"url": "file:///etc/passwd"})
        result = run_action(application, "call_webhook", {"url": receiver.url, "payload": {"step": "核查"}})
        db.session.commit()
        secret = platform_secret()
    assert deliver(demo) == 1
    body = check_signed(receiver.received[0], secret)  # nobody subscribed to this URL: the platform's secret
    assert body["payload"] == {"step": "核查"} and body["id"] == result["idempotency_key"]


def test_a_receiver_down_for_an_hour_loses_nothing(demo: Flask, receiver: Receiver) -> None:
    from app.extensions import db
    from app.models import Application, DeliveryState, WebhookDelivery
    from app.models.base import utcnow
    from app.webhooks.queue import queue_call
    from tests.integration.drive import submit

    with demo.app_context():
        queue_call(db.session.get(Application, submit("joint")), receiver.url, {"n": 1})
        db.session.commit()
    receiver.stop()
    start, minute, attempts = utcnow(), timedelta(minutes=1), 0
    for elapsed in range(0, 61):  # the worker polls every minute of the hour while the receiver is down
        attempts += deliver(demo, start + elapsed * minute)
        with demo.app_context():
            assert db.session.scalar(select(WebhookDelivery.state)) == DeliveryState.PENDING
    assert 5 <= attempts <= 8  # 30 s, 1, 2, 4, 8, 16, 32 min apart: backing off, never giving up within the hour
    receiver.start()
    moment = start + 61 * minute
    while deliver(demo, moment) == 0:
        moment += minute
    assert moment - start < timedelta(hours=2)  # the next attempt after the outage comes within the backoff cap
    assert [json.loads(r["body"])["payload"] for r in receiver.received] == [{"n": 1}]
