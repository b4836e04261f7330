"""GET, HEAD and OPTIONS requests read without a transaction of their own.

A request that only reads gains nothing from BEGIN … ROLLBACK around its statements, and the ROLLBACK costs more
than a round trip: psycopg forgets every prepared statement of the connection on ROLLBACK (and sends DEALLOCATE
ALL), because a rolled-back DDL could leave them pointing at nothing. Every page view and API read ended that way,
so no connection kept its prepared statements past the next read and PostgreSQL planned every query afresh
(docs/performance.md: what reading in autocommit saved on `make bench`).

Writes happen in POST handlers (each commits once at its end) and in the few GETs named in :data:`GETS_THAT_WRITE`,
which keep their transaction; nothing any other safe request runs needs one (a test fails when it writes); and under
PostgreSQL's READ COMMITTED each statement took its own snapshot inside it anyway. A request whose session is
already in a transaction (a test holding the app context across requests) keeps it: switching its engine
mid-transaction would open a second connection.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

import flask_sqlalchemy.session
from flask import Flask, current_app, has_request_context, request
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
        if request.method not in SAFE_METHODS or request.endpoint in GETS_THAT_WRITE:
            return
        session = db.session()
        if not session.in_transaction():
            session.info[AUTOCOMMIT_READS] = True

    @app.teardown_request
    def _end_read(_error: BaseException | None) -> None:
        db.session.info.pop(AUTOCOMMIT_READS, None)


# --- GET requests that write, and a GET that writes by mistake ---

# The few safe requests that must write, by endpoint, and why. They run in a transaction like a POST (not on an
# autocommit connection: a lock taken there would end with its statement) and may write anything.
GETS_THAT_WRITE: dict[str, str] = {
    "documents.download": "a pending document is rendered on its first download, under the case lock",
    "bookings.window_day": "the window's list of the day marks the bookings whose slot passed as no-shows",
    "drafts.form": "opening a draft's form notes its editor, so two admins on one draft are told about each other",
    "drafts.guide": "opening a draft's guide notes its editor, as its form does",
}
# Tables any safe request may append to on its autocommit connection (one INSERT, nothing to lock): a staff
# member's read of a case, recorded by the GET that shows it (app/services/case_access.py), and an integrator
# client's every call, logged after its view (app/web/api_guard.py).
SAFE_REQUEST_WRITES = frozenset({"case_read", "api_call"})
_WRITE = re.compile(r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


class WriteInSafeRequest(RuntimeError):
    """A GET or HEAD request not in :data:`GETS_THAT_WRITE` tried to write a table not in
    :data:`SAFE_REQUEST_WRITES`."""


def written_table(statement: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE statement writes; None for anything else."""
    found = _WRITE.match(statement)
    return found.group(1).lower() if found else None


def _refuse_writes_in_safe_requests(
    _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
) -> None:
    if not has_request_context() or request.method not in ("GET", "HEAD") or request.endpoint in GETS_THAT_WRITE:
        return
    if not current_app.config.get("GET_WRITES_RAISE"):
        return
    table = written_table(statement)
    if table is not None and table not in SAFE_REQUEST_WRITES:
        raise WriteInSafeRequest(f"{request.method} {request.path} ({request.endpoint}) writes {table}: {statement}")


def init_get_write_guard(app: Flask) -> None:
    """With ``GET_WRITES_RAISE`` (on in tests), a statement that writes during a GET or HEAD request raises
    :class:`WriteInSafeRequest` before it reaches the database: a write there would commit at once on the
    request's autocommit connection, whatever the request did next. One listener for every engine of the process,
    installed only when an app asks for it: production pays nothing."""
    if app.config.get("GET_WRITES_RAISE") and not event.contains(Engine, "before_cursor_execute", _guard):
        event.listen(Engine, "before_cursor_execute", _guard)


_guard = _refuse_writes_in_safe_requests
