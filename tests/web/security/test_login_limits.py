"""Point 13 of issue 18: failed sign-ins are limited per account and per address (web and API), on the memory
storage `make run` uses and on Redis, which production shares between workers; unknown names cost a hash too."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import pytest

from tests.conftest import make_app
from tests.factories import csrf_token


def _web_login(client, username, password):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def _api_login(client, username, password):
    return client.post("/api/v1/token", json={"username": username, "password": password})


def test_sixty_wrong_passwords_then_the_right_one_is_refused_on_the_web(demo):
    client = demo.test_client()
    statuses = [_web_login(client, "window", f"guess-{i}").status_code for i in range(60)]
    assert statuses[:10] == [401] * 10 and set(statuses[10:]) == {429}
    right = _web_login(client, "window", "demo1234")
    assert right.status_code == 429
    assert "登录失败次数过多" in right.get_data(as_text=True)
    # Another account from another address is not locked by this one.
    other = demo.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert _web_login(other, "scjg", "demo1234").status_code == 302


def test_the_lockout_is_told_in_the_persons_language(demo):
    client = demo.test_client()
    client.get("/lang/en")
    for i in range(10):
        _web_login(client, "window", f"guess-{i}")
    page = _web_login(client, "window", "demo1234").get_data(as_text=True)
    assert "Too many failed sign-ins: try again in" in page and "登录失败次数过多" not in page


def test_the_api_token_endpoint_shares_the_account_lockout(demo):
    client = demo.test_client()
    for i in range(10):
        assert _api_login(client, "scjg", f"guess-{i}").status_code == 401
    refused = _api_login(client, "scjg", "demo1234")
    assert refused.status_code == 429
    assert refused.get_json()["error_code"] == "too_many_attempts"
    assert int(refused.headers["Retry-After"]) > 0
    web = demo.test_client()
    web.environ_base["REMOTE_ADDR"] = "10.9.9.9"
    assert _web_login(web, "scjg", "demo1234").status_code == 429  # the same account, through the other door


def test_one_address_guessing_many_accounts_is_limited(demo):
    client = demo.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    statuses = [_api_login(client, f"nobody-{i}", "x").status_code for i in range(55)]
    assert statuses[:50] == [401] * 50 and set(statuses[50:]) == {429}


def test_a_success_clears_the_accounts_count(demo):
    client = demo.test_client()
    for i in range(9):
        _api_login(client, "rsj", f"guess-{i}")
    assert _api_login(client, "rsj", "demo1234").status_code == 200
    for i in range(9):
        assert _api_login(client, "rsj", f"again-{i}").status_code == 401
    assert _api_login(client, "rsj", "demo1234").status_code == 200


def test_unknown_names_cost_a_password_hash_like_known_ones(demo, monkeypatch):
    import app.auth

    checked: list[str] = []
    real = app.auth.check_password_hash
    monkeypatch.setattr(app.auth, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    client = demo.test_client()
    _api_login(client, "scjg", "wrong")
    _api_login(client, "no-such-user", "wrong")
    _web_login(client, "no-such-user-either", "wrong")
    assert len(checked) == 3
    method = demo.config["PASSWORD_HASH_METHOD"].split(":")[0]
    assert all(h.startswith(method) for h in checked)  # the dummy is hashed like a real password


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def test_two_workers_on_redis_share_the_counts(demo, database_url: str, tmp_path: Path):
    import os

    if not _redis_reachable():
        if os.environ.get("CI"):
            raise RuntimeError("Redis is required in CI at 127.0.0.1:6379")
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    settings = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex}
    first, second = (make_app(database_url, tmp_path, settings) for _ in range(2))
    assert type(first.extensions["login_limits"].storage).__name__ == "RedisStorage"
    for i in range(5):
        assert _api_login(first.test_client(), "zjj", f"a-{i}").status_code == 401
        assert _api_login(second.test_client(), "zjj", f"b-{i}").status_code == 401
    assert _api_login(first.test_client(), "zjj", "demo1234").status_code == 429
    assert _api_login(second.test_client(), "zjj", "demo1234").status_code == 429
