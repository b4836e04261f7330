"""Issue 20: webhook receivers on the platform's allow-list only. A subscription to the metadata service or to a host
the admin has not listed is refused when it is made, naming the URL; at delivery the worker checks again (the list
may have changed, the host may resolve elsewhere now), connects to the address it checked and follows no redirect.
Every receiver here is on 127.0.0.1; refused addresses are never connected to."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.integration.test_integrator_webhooks import accepted_joint_case, deliver, integrator_token


class PathReceiver:
    """Records the path of every POST; /moved answers a redirect to /elsewhere."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        paths = self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                self.rfile.read(int(self.headers["Content-Length"]))
                paths.append(self.path)
                if self.path == "/moved":
                    self.send_response(302)
                    self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/elsewhere")
                else:
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
def receiver() -> Iterator[PathReceiver]:
    found = PathReceiver()
    yield found
    found.server.shutdown()
    found.server.server_close()


def _subscribe(client: FlaskClient, headers: dict[str, str], url: str) -> Any:
    return client.post("/api/v1/webhooks", json={"url": url, "events": ["task.ready"]}, headers=headers)


def _log(app: Flask) -> list[tuple[str, int, str | None]]:
    from app.extensions import db
    from app.models import WebhookDelivery

    with app.app_context():
        rows = db.session.execute(
            # by subscription: one step's deliveries to several receivers are written in no particular order
            select(WebhookDelivery.state, WebhookDelivery.attempts, WebhookDelivery.last_error).order_by(
                WebhookDelivery.subscription_id, WebhookDelivery.id
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_subscription_outside_the_allow_list_is_refused_naming_the_url(demo: Flask, client: FlaskClient) -> None:
    wsjk = integrator_token(demo, "wsjk", "read", "卫健审批系统")
    for url in ("http://169.254.169.254/latest/meta-data/", "http://intranet.wsjk.local:8080/hook"):
        refused = _subscribe(client, wsjk, url)
        assert refused.status_code == 403 and refused.get_json()["error_code"] == "receiver_not_allowed", url
        assert url in refused.get_json()["message"] and url in refused.get_json()["details"]["url"][0]
    demo.config["WEBHOOK_ALLOWED_RECEIVERS"] = "127.0.0.1 169.254.169.254"  # listed, yet an internal address
    metadata = _subscribe(client, wsjk, "http://169.254.169.254/latest/meta-data/")
    assert metadata.status_code == 403 and "内部地址 169.254.169.254" in metadata.get_json()["message"]
    malformed = _subscribe(client, wsjk, "ftp://127.0.0.1/x")
    assert malformed.status_code == 422 and "ftp://127.0.0.1/x" in malformed.get_json()["message"]
    assert client.get("/api/v1/webhooks", headers=wsjk).get_json()["subscriptions"] == []


def test_delivery_checks_the_receiver_again_and_follows_no_redirect(
    demo: Flask, client: FlaskClient, api_token: Any, receiver: PathReceiver
) -> None:
    from app.models.base import utcnow

    wsjk = integrator_token(demo, "wsjk", "read", "卫健审批系统")
    # localhost: a name, resolved at each delivery; allowed while the loopback network is.
    assert _subscribe(client, wsjk, receiver.url("/events", host="localhost")).status_code == 201
    assert _subscribe(client, wsjk, receiver.url("/moved")).status_code == 201

    demo.config["WEBHOOK_ALLOWED_NETWORKS"] = ""  # the admin no longer allows receivers on internal addresses
    accepted_joint_case(client, api_token)
    assert deliver(demo) == 2
    assert receiver.paths == []  # neither was connected to
    log = _log(demo)
    assert [(state, attempts) for state, attempts, _ in log] == [("pending", 1), ("pending", 1)]
    assert all("内部地址 127.0.0.1" in (error or "") for _, _, error in log), log

    demo.config["WEBHOOK_ALLOWED_NETWORKS"] = "127.0.0.0/8"
    demo.config["WEBHOOK_ALLOWED_RECEIVERS"] = "localhost"  # and 127.0.0.1 is taken off the list
    assert deliver(demo, utcnow() + timedelta(minutes=5)) == 2
    assert receiver.paths == ["/events"]
    log = _log(demo)
    assert log[0][:2] == ("delivered", 2)
    assert log[1][:2] == ("pending", 2) and "不在平台允许的接收地址之列" in (log[1][2] or "")

    demo.config["WEBHOOK_ALLOWED_RECEIVERS"] = "127.0.0.1 localhost"
    assert deliver(demo, utcnow() + timedelta(minutes=30)) == 1
    assert receiver.paths == ["/events", "/moved"]  # the redirect's /elsewhere is never posted to
    state, attempts, error = _log(demo)[1]
    assert (state, attempts, error) == ("pending", 3, "HTTP 302（不跟随重定向）")


def test_the_bpmn_call_webhook_action_is_held_to_the_allow_list(demo: Flask) -> None:
    from app.extensions import db
    from app.models import Application
    from app.services.actions import ActionFailed, run_action
    from tests.integration.drive import submit

    with demo.app_context():
        application = db.session.get(Application, submit("joint"))
        with pytest.raises(ActionFailed, match="169.254.169.254"):
            run_action(application, "call_webhook", {"url": "http://169.254.169.254/latest/meta-data/"})
        with pytest.raises(ActionFailed, match="不在平台允许的接收地址之列"):
            run_action(application, "call_webhook", {"url": "https://example.org/hook"})
