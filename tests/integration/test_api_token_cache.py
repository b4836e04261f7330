"""API callers are remembered per process for API_TOKEN_CACHE_SECONDS; a change made in this process to the token,
the user, their roles or their department takes effect on the next request, a change made in another process within
the TTL (app/caller_cache.py)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.auth import CALLER_CACHE
from app.extensions import db
from app.models import Department, User
from tests.conftest import make_app
from tests.factories import demo_item, new_token, statements_during

TASKS = "/api/v1/tasks"


def _change(app, fn) -> None:
    with app.app_context():
        fn(db.session)
        db.session.commit()
        db.session.remove()


def test_repeated_requests_look_the_token_up_once(demo, api_token):
    client = demo.test_client()
    headers = api_token(client, "scjg")
    first = statements_during(demo, lambda: client.get(TASKS, headers=headers))
    again = statements_during(demo, lambda: client.get(TASKS, headers=headers))
    assert any("token_hash" in s for s in first)
    assert not any("token_hash" in s for s in again)
    assert len(again) == len(first) - 1


def test_a_revoked_token_ends_at_once_and_the_users_other_tokens_keep_working(demo, api_token):
    client = demo.test_client()
    old = api_token(client, "scjg")
    assert client.get(TASKS, headers=old).status_code == 200  # cached now
    new = api_token(client, "scjg")  # a second department system signs in: the first keeps working
    assert client.get(TASKS, headers=old).status_code == 200
    [newest, oldest] = client.get("/api/v1/tokens", headers=new).get_json()["tokens"]
    assert client.delete(f"/api/v1/tokens/{oldest['id']}", headers=new).status_code == 200
    response = client.get(TASKS, headers=old)
    assert response.status_code == 401
    assert response.get_json()["error_code"] == "unauthorized"
    assert client.get(TASKS, headers=new).status_code == 200


def test_switching_a_user_off_takes_effect_on_the_next_request(demo, api_token):
    client = demo.test_client()
    headers = api_token(client, "scjg")
    assert client.get(TASKS, headers=headers).status_code == 200

    def switch_off(session):
        session.scalar(select(User).where(User.username == "scjg")).active = False

    _change(demo, switch_off)
    assert client.get(TASKS, headers=headers).status_code == 401


def test_a_removed_role_and_a_renamed_department_take_effect_on_the_next_request(demo, api_token):
    client = demo.test_client()
    slug, sample = demo_item("joint")
    submitted = client.post(
        f"/api/v1/items/{slug}/applications",
        json={"data": sample, "submission_token": new_token()},
        headers=api_token(client, "citizen"),
    )
    assert submitted.status_code == 201
    headers = api_token(client, "window")
    assert [t["element_id"] for t in client.get(TASKS, headers=headers).get_json()["tasks"]] == ["window_review"]

    def rename_department(session):
        session.scalar(select(Department).where(Department.code == "scjg")).name = "市场监督管理局（新）"

    _change(demo, rename_department)  # a Department row changed: cached callers are dropped, requests still work
    assert len(demo.extensions[CALLER_CACHE]) == 0
    assert client.get(TASKS, headers=headers).status_code == 200

    def remove_roles(session):
        session.scalar(select(User).where(User.username == "window")).role_rows = []

    _change(demo, remove_roles)
    assert client.get(TASKS, headers=headers).status_code == 401  # a role change ends the user's tokens


def test_another_worker_honours_a_revocation_once_its_entry_expires(demo, api_token, database_url, tmp_path: Path):
    # Two apps on one database stand for two gunicorn workers: the one that did not make the change cannot know.
    other = make_app(database_url, tmp_path)
    cache = other.extensions[CALLER_CACHE]
    now = [1000.0]
    cache.clock = lambda: now[0]
    headers = api_token(demo.test_client(), "scjg")
    other_client = other.test_client()
    assert other_client.get(TASKS, headers=headers).status_code == 200

    def switch_off(session):
        session.scalar(select(User).where(User.username == "scjg")).active = False

    _change(demo, switch_off)
    assert demo.test_client().get(TASKS, headers=headers).status_code == 401
    assert other_client.get(TASKS, headers=headers).status_code == 200  # within the TTL: the price of the cache
    now[0] += cache.ttl
    assert other_client.get(TASKS, headers=headers).status_code == 401


def test_with_the_cache_off_every_request_looks_the_token_up(demo, api_token):
    demo.extensions[CALLER_CACHE].ttl = 0  # as API_TOKEN_CACHE_SECONDS=0 leaves it
    client = demo.test_client()
    headers = api_token(client, "scjg")
    for _ in range(2):
        seen = statements_during(demo, lambda: client.get(TASKS, headers=headers))
        assert any("token_hash" in s for s in seen)
