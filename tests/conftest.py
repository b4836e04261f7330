"""Test fixtures: a real database (SQLite file by default, PostgreSQL when DATABASE_URL says so), migrated once
through Alembic and emptied between tests; the real demo catalogue; logged-in clients."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"  # real-world material (../shared/conformance), beside the clone, never copied in
CONFORMANCE = SHARED / "conformance"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

pytest_plugins = ["tests.factories"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not CONFORMANCE.is_dir():
        terminalreporter.write_line(
            f"conformance material MISSING at {CONFORMANCE}: the tests that read it fail; "
            "clone this repository beside shared/",
            red=True,
        )


def _normalise(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def reset_database(url: str) -> None:
    """Start from nothing, then build the schema the way production does: through the migrations."""
    import flask_migrate

    from app import create_app

    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        flask_migrate.upgrade()


def empty_tables(app: Flask) -> None:
    from app.extensions import db
    from app.models import Base

    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
            else:
                conn.execute(text("UPDATE service_item SET live_version_id = NULL"))
                for table in tables:
                    conn.execute(text(f'DELETE FROM "{table}"'))
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DATABASE_URL")
    url = _normalise(url) if url else f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    reset_database(url)
    return url


def make_app(url: str, tmp_path: Path, extra: dict[str, object] | None = None) -> Flask:
    from app import create_app
    from app.config import LOCAL_NETWORKS, LOCAL_RECEIVERS

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "TESTING": True,
            "SECRET_KEY": "test",
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            # Webhook receivers the tests start on 127.0.0.1 (app/webhooks/receivers.py)
            "WEBHOOK_ALLOWED_RECEIVERS": LOCAL_RECEIVERS,
            "WEBHOOK_ALLOWED_NETWORKS": LOCAL_NETWORKS,
            **(extra or {}),
        }
    )


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    application = make_app(database_url, tmp_path)
    yield application
    empty_tables(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def postgres_url(database_url: str) -> str:
    """PostgreSQL for the concurrency tests, whichever database the rest of the suite runs on."""
    if database_url.startswith("postgresql"):
        return database_url
    url = _normalise(os.environ.get("TEST_POSTGRES_URL", DEFAULT_PG_URL))
    try:
        engine = create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any connection failure means the same thing here
        if os.environ.get("CI"):
            raise RuntimeError(f"PostgreSQL is required in CI and is not reachable at {url}: {exc}") from exc
        pytest.skip(f"PostgreSQL not reachable at {url} ({exc.__class__.__name__}); start it to run this test")
    reset_database(url)
    return url


@pytest.fixture
def pg_app(postgres_url: str, tmp_path: Path) -> Iterator[Flask]:
    application = make_app(postgres_url, tmp_path)
    yield application
    empty_tables(application)
