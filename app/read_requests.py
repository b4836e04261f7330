"""GET, HEAD and OPTIONS requests read without a transaction of their own.

A request that only reads gains nothing from BEGIN … ROLLBACK around its statements, and the ROLLBACK costs more
than a round trip: psycopg forgets every prepared statement of the connection on ROLLBACK (and sends DEALLOCATE
ALL), because a rolled-back DDL could leave them pointing at nothing. Every page view and API read ended that way,
so no connection kept its prepared statements past the next read and PostgreSQL planned every query afresh
(docs/performance.md: what reading in autocommit saved on `make bench`).

Writes happen in POST handlers only (each commits once at its end), so nothing a safe method runs needs the
transaction; and under PostgreSQL's READ COMMITTED each statement took its own snapshot inside it anyway. A
request whose session is already in a transaction (a test holding the app context across requests) keeps it:
switching its engine mid-transaction would open a second connection.
"""

from __future__ import annotations

import weakref
from typing import Any

import flask_sqlalchemy.session
from flask import Flask, request
from sqlalchemy import Engine, create_engine, event

from app.db_connections import ping_idle_connections

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
AUTOCOMMIT_READS = "autocommit_reads"  # key in Session.info, set for the length of one safe request

_autocommit_engines: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def autocommit_engine(engine: Engine) -> Engine:
    """The engine that ``engine``'s safe requests read through (see :func:`add_read_engine`)."""
    found = _autocommit_engines.get(engine)
    if found is None:
        found = _autocommit_engines[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return found


def add_read_engine(engine: Engine, options: dict[str, Any], idle_ping_seconds: float) -> None:
    """On PostgreSQL, give ``engine`` a pool of connections that stay in autocommit, for safe requests.

    Reading through ``engine.execution_options(isolation_level="AUTOCOMMIT")`` switches a pooled connection to
    autocommit at checkout and back at checkin, with a rollback on the way: a sixth of a task-list
    read cost in one process. A pool of its own never switches. Its connections are disposed with ``engine``'s.
    Elsewhere (SQLite: an in-memory database lives and dies with its one connection) reads keep the shared pool.
    """
    if engine.dialect.name != "postgresql":
        return
    reads = create_engine(engine.url, **{**options, "isolation_level": "AUTOCOMMIT"})
    ping_idle_connections(reads, idle_ping_seconds)
    event.listen(engine, "engine_disposed", lambda _engine: reads.dispose())
    _autocommit_engines[engine] = reads


class RequestSession(flask_sqlalchemy.session.Session):
    """Flask-SQLAlchemy's session, on autocommit connections while :data:`AUTOCOMMIT_READS` is set."""

    def get_bind(self, mapper: Any = None, clause: Any = None, bind: Any = None, **kwargs: Any) -> Any:
        found = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        if self.info.get(AUTOCOMMIT_READS) and isinstance(found, Engine):
            return autocommit_engine(found)
        return found


def init_read_requests(app: Flask) -> None:
    from app.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            add_read_engine(engine, app.config["SQLALCHEMY_ENGINE_OPTIONS"], app.config["DB_IDLE_PING_SECONDS"])

    @app.before_request
    def _read_without_transaction() -> None:
        if request.method not in SAFE_METHODS:
            return
        session = db.session()
        if not session.in_transaction():
            session.info[AUTOCOMMIT_READS] = True

    @app.teardown_request
    def _end_read(_error: BaseException | None) -> None:
        db.session.info.pop(AUTOCOMMIT_READS, None)
