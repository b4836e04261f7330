"""Hostile request bodies and ids at the door: a 4xx within the bound, never a 500 (issue 18 points 10 and 12)."""

from __future__ import annotations

import pytest

from tests.hostile.harness import run_bounded

pytestmark = pytest.mark.slow  # `pytest -m "not slow"` skips it in the quick loop; CI runs it

BOUND = 10.0

REQUESTS = {
    "JSON 100k deep": ("post", "/api/v1/token", "[" * 100_000 + "]" * 100_000),
    "JSON object 100k deep": ("post", "/api/v1/token", '{"a":' * 100_000 + "1" + "}" * 100_000),
    "lone surrogate": ("post", "/api/v1/token", '{"username": "\\ud800", "password": "x"}'),
    "NUL in a name": ("post", "/api/v1/token", '{"username": "ad\\u0000min", "password": "x"}'),
    "bidi override": ("post", "/api/v1/token", '{"username": "\\u202enimda", "password": "x"}'),
    "task id beyond 64 bits": ("post", "/api/v1/tasks/3101211684459433164800/claim", "{}"),
    "complete beyond 64 bits": ("post", "/api/v1/tasks/3101211684459433164800/complete", "{}"),
    "application number garbage": ("get", "/api/v1/applications/" + "9" * 400, None),
}


@pytest.mark.parametrize("name", list(REQUESTS))
def test_hostile_request_is_refused_within_its_bound(app, demo, client, api_token, name):
    method, url, body = REQUESTS[name]
    headers = api_token(client, "scjg")  # an approver: the ids reach the task lookups, not just the token check

    def send() -> tuple[int, str]:
        from app.extensions import db

        with app.app_context():
            db.engine.dispose(close=False)  # the child must not share the parent's database connections
        client = app.test_client()
        kwargs = {"data": body.encode(), "content_type": "application/json"} if body is not None else {}
        response = getattr(client, method)(url, headers=headers, **kwargs)
        return response.status_code, response.get_data(as_text=True)[:300]

    outcome = run_bounded(send, seconds=BOUND)
    assert outcome.kind == "returned", f"{name}: {outcome}"
    status, text = outcome.value
    assert 400 <= status < 500, f"{name}: {status} {text}"
