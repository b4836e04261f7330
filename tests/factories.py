"""Factory fixtures: the demo catalogue and users, logging in, submitting and finishing steps."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

DEMO = Path(__file__).resolve().parent.parent / "catalog" / "demo"


def load_demo(app: Flask) -> None:
    from app.cli import DEMO_CATALOG
    from app.extensions import db
    from app.services.catalog import load_catalog
    from app.services.users import seed_demo_users

    with app.app_context():
        load_catalog(DEMO_CATALOG)
        seed_demo_users()
        db.session.commit()


@pytest.fixture
def demo(app: Flask) -> Flask:
    load_demo(app)
    return app


@pytest.fixture
def pg_demo(pg_app: Flask) -> Flask:
    load_demo(pg_app)
    return pg_app


# The item tests mean by "a promised item" etc.: pinned, so adding demo items never changes what a test drives.
DEMO_ITEM_BY_KIND = {
    "immediate": "11440199007495173F4442120003",  # 城乡居民基本养老保险参保登记 (rsj)
    "promised": "11440199007495413A4442111004",  # 公共场所卫生许可证核发 (wsjk)
    "joint": "11440199007495325U4442118012",  # 开办宾馆酒店：食品经营许可与公共场所卫生许可联办 (scjg, wsjk)
    "referred": "11440199007495683W4442111015",  # 房地产开发企业二级资质核定 (zjj)
}


def demo_item(kind: str) -> tuple[str, dict[str, Any]]:
    """(slug, sample submission) of the demo item that stands for a kind."""
    if kind not in DEMO_ITEM_BY_KIND:
        raise LookupError(f"no demo item of kind {kind}")
    folder = DEMO / DEMO_ITEM_BY_KIND[kind]
    assert json.loads((folder / "item.json").read_text())["kind"] == kind
    return folder.name, json.loads((folder / "sample.json").read_text())


def csrf_token(client: FlaskClient, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


@pytest.fixture
def login() -> Callable[[FlaskClient, str], FlaskClient]:
    def do_login(client: FlaskClient, username: str, password: str = "demo1234") -> FlaskClient:
        token = csrf_token(client, "/login")
        response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return do_login


@pytest.fixture
def api_token() -> Callable[[FlaskClient, str], dict[str, str]]:
    def get(client: FlaskClient, username: str) -> dict[str, str]:
        response = client.post("/api/v1/token", json={"username": username, "password": "demo1234"})
        assert response.status_code == 200, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return get


def new_token() -> str:
    return uuid.uuid4().hex


def statements_during(app: Flask, action: Callable[[], Any]) -> list[str]:
    """The SQL statements ``action`` sends, through the app's engine or the pool safe requests read from."""
    from sqlalchemy import event

    from app.extensions import db
    from app.read_requests import autocommit_engine

    seen: list[str] = []
    with app.app_context():
        reads = autocommit_engine(db.engine)
        # On SQLite reads share the engine's pool and its listeners; on PostgreSQL they have a pool of their own.
        engines = [db.engine] if reads.pool is db.engine.pool else [db.engine, reads]

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    for engine in engines:
        event.listen(engine, "before_cursor_execute", remember)
    try:
        action()
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", remember)
    return seen
