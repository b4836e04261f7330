"""GET, HEAD and OPTIONS requests read without a transaction of their own.

A request that only reads gains nothing from BEGIN … ROLLBACK around its statements, and the ROLLBACK costs more
than a round trip: psycopg forgets every prepared statement of the connection on ROLLBACK (and sends DEALLOCATE
ALL), because a rolled-back DDL could leave them pointing at nothing. Every page view and API read ended that way,
so no connection kept its prepared statements past the next read and PostgreSQL planned every query afresh. On
the lifecycle benchmark (`make bench`), reading in autocommit cut PostgreSQL's CPU per case from 16.5 to 7.7 ms.

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
from sqlalchemy import Engine

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
AUTOCOMMIT_READS = "autocommit_reads"  # key in Session.info, set for the length of one safe request

_autocommit_engines: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def autocommit_engine(engine: Engine) -> Engine:
    """``engine`` with connections in autocommit (the same pool; the level is reset when a connection returns)."""
    found = _autocommit_engines.get(engine)
    if found is None:
        found = _autocommit_engines[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return found


class RequestSession(flask_sqlalchemy.session.Session):
    """Flask-SQLAlchemy's session, on autocommit connections while :data:`AUTOCOMMIT_READS` is set."""

    def get_bind(self, mapper: Any = None, clause: Any = None, bind: Any = None, **kwargs: Any) -> Any:
        found = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        if self.info.get(AUTOCOMMIT_READS) and isinstance(found, Engine):
            return autocommit_engine(found)
        return found


def init_read_requests(app: Flask) -> None:
    from app.extensions import db

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
