"""Safe requests read on autocommit connections; writes keep their transaction (app/read_requests.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.extensions import db
from app.read_requests import AUTOCOMMIT_READS, autocommit_engine


def _in_autocommit(connection) -> bool:
    # Either the shared pool switched to autocommit for this checkout (SQLite), or a pool of its own whose
    # connections are always in autocommit (PostgreSQL, app.read_requests.add_read_engine).
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return True
    return getattr(connection.connection.dbapi_connection, "autocommit", False) is True


def _autocommit_in_request(app, method: str) -> bool:
    with app.test_request_context("/", method=method):
        app.preprocess_request()
        found = _in_autocommit(db.session.connection())
        db.session.remove()
    return found


def test_a_get_reads_in_autocommit_and_a_post_in_a_transaction(app):
    assert _autocommit_in_request(app, "GET")
    assert _autocommit_in_request(app, "HEAD")
    assert not _autocommit_in_request(app, "POST")  # one transaction, committed at the end


def test_the_autocommit_mark_ends_with_the_request(app):
    with app.app_context():
        with app.test_request_context("/", method="GET"):
            app.preprocess_request()
            assert db.session.info.get(AUTOCOMMIT_READS) is True
        assert AUTOCOMMIT_READS not in db.session.info
        db.session.remove()


def test_a_session_already_in_a_transaction_keeps_it(app):
    # A test (or a CLI command) holding the app context across a request must not get a second connection.
    with app.app_context():
        db.session.execute(text("SELECT 1"))
        with app.test_request_context("/", method="GET"):
            app.preprocess_request()
            assert not _in_autocommit(db.session.connection())
        db.session.remove()


@pytest.mark.postgres
def test_prepared_statements_outlive_read_requests(pg_demo, api_token):
    # psycopg prepares a statement on its fifth execution and forgets them all on ROLLBACK: with every read ending
    # in a rollback, no connection ever kept one.
    client = pg_demo.test_client()
    headers = api_token(client, "window")
    with pg_demo.app_context():
        db.engine.dispose()  # one connection serves the requests below, one after another (reads pool included)
    for _ in range(8):
        assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    with pg_demo.test_request_context("/", method="GET"):  # on the connection the reads above went through
        pg_demo.preprocess_request()
        prepared = db.session.execute(text("SELECT statement FROM pg_prepared_statements")).scalars().all()
        db.session.remove()
    assert any("FROM human_task" in statement for statement in prepared), prepared


@pytest.mark.postgres
def test_reads_keep_a_pool_of_their_own_that_is_disposed_with_the_engine(pg_app):
    with pg_app.app_context():
        engine = db.engine
        reads = autocommit_engine(engine)
        assert reads is not engine and reads.pool is not engine.pool
        with reads.connect() as connection:
            assert connection.connection.dbapi_connection.autocommit is True
        assert reads.pool.checkedin() == 1
        engine.dispose()
        assert reads.pool.checkedin() == 0
