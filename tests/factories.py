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


# The demo catalogue's rows by database, as the first test that needed them loaded them (issue 14: loading the
# catalogue, compiling every form and BPMN file and hashing every demo password took about two thirds of the
# suite's setup). Every later test of the session gets the same rows inserted back as they are.
_DEMO_ROWS: dict[str, list[tuple[Any, list[dict[str, Any]]]]] = {}


def load_demo(app: Flask) -> None:
    """The demo catalogue and users, in an emptied database: loaded through the services the first time per
    database, then the same rows copied back (the same ids too: the tables restart their ids when emptied)."""
    from app.cli import DEMO_CATALOG
    from app.extensions import db
    from app.services.catalog import load_catalog
    from app.services.users import seed_demo_users

    url = str(app.config["SQLALCHEMY_DATABASE_URI"])
    with app.app_context():
        if url in _DEMO_ROWS:
            _insert_rows(db.engine, _DEMO_ROWS[url])
            return
        load_catalog(DEMO_CATALOG)
        seed_demo_users()
        db.session.commit()
        _DEMO_ROWS[url] = _rows_of_every_table(db.engine)


def _is_integer_key(column: Any) -> bool:
    try:
        return column.autoincrement in (True, "auto") and column.type.python_type is int
    except NotImplementedError:
        return False


def _rows_of_every_table(engine: Any) -> list[tuple[Any, list[dict[str, Any]]]]:
    from sqlalchemy import select

    from app.models import Base

    with engine.connect() as conn:
        return [
            (table, [dict(row) for row in conn.execute(select(table)).mappings()])
            for table in Base.metadata.sorted_tables
        ]


def _insert_rows(engine: Any, tables: list[tuple[Any, list[dict[str, Any]]]]) -> None:
    """Insert each table's rows in dependency order; a foreign key to a table not yet filled (the item's live
    version) is set afterwards, and PostgreSQL's id sequences move past the copied ids."""
    from sqlalchemy import bindparam, func, select, text

    filled: set[str] = set()
    later: list[tuple[Any, Any, list[dict[str, Any]]]] = []
    with engine.begin() as conn:
        for table, rows in tables:
            ahead = [fk.parent for fk in table.foreign_keys if fk.column.table.name not in filled | {table.name}]
            ahead += [fk.parent for fk in table.foreign_keys if fk.column.table.name == table.name]
            if rows:
                nulled = {column.name for column in ahead}
                conn.execute(table.insert(), [{k: (None if k in nulled else v) for k, v in r.items()} for r in rows])
                for column in ahead:
                    later.append((table, column, rows))
            filled.add(table.name)
        for table, column, rows in later:
            [key] = table.primary_key.columns
            pairs = [{"k": r[key.name], "v": r[column.name]} for r in rows if r[column.name] is not None]
            if pairs:
                stmt = table.update().where(key == bindparam("k")).values({column.name: bindparam("v")})
                conn.execute(stmt, pairs)
        if conn.dialect.name == "postgresql":
            for table, rows in tables:
                keys = list(table.primary_key.columns)
                if rows and len(keys) == 1 and _is_integer_key(keys[0]):
                    top = conn.execute(select(func.max(keys[0]))).scalar()
                    conn.execute(
                        text("SELECT setval(pg_get_serial_sequence(:t, :c), :v)"),
                        {"t": table.name, "c": keys[0].name, "v": top},
                    )


@pytest.fixture
def demo(app: Flask) -> Flask:
    load_demo(app)
    return app


@pytest.fixture
def pg_demo(pg_app: Flask) -> Flask:
    load_demo(pg_app)
    return pg_app


def demo_item(kind: str) -> tuple[str, dict[str, Any]]:
    """(slug, sample submission) of the first demo item of a kind."""
    for folder in sorted(DEMO.iterdir()):
        meta_file = folder / "item.json"
        if meta_file.exists() and json.loads(meta_file.read_text())["kind"] == kind:
            return folder.name, json.loads((folder / "sample.json").read_text())
    raise LookupError(f"no demo item of kind {kind}")


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
