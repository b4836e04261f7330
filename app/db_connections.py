"""Pooled database connections: check that a connection still works only when it sat idle in the pool.

SQLAlchemy's ``pool_pre_ping`` sends a query on every checkout, a round trip and its CPU on every request
(docs/performance.md has what it cost). A connection handed back a moment ago by the
previous request is as alive as it was then, so only connections idle for longer than ``idle_seconds`` are
pinged; a dead one is discarded and replaced before the request sees it (SQLAlchemy's documented "pessimistic
disconnect handling" done in a checkout event). A connection that dies mid-request fails that request, is
invalidated with the rest of the pool, and the next request gets a fresh one.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, event, exc

DEFAULT_IDLE_SECONDS = 10.0
_CHECKED_IN_AT = "checked_in_at"


def ping_idle_connections(engine: Engine, idle_seconds: float = DEFAULT_IDLE_SECONDS) -> None:
    """Install the checkin/checkout listeners on ``engine``'s pool."""

    @event.listens_for(engine, "checkin")
    def _remember_checkin(dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        checked_in_at = record.info.get(_CHECKED_IN_AT)
        if checked_in_at is None or time.monotonic() - checked_in_at < idle_seconds:
            return  # just connected, or back from a request a moment ago
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
            dbapi_connection.rollback()  # the ping must not leave a transaction open for the request
        except Exception as error:  # the driver's own error classes differ per database
            # The pool discards this connection and retries the checkout with a new one.
            raise exc.DisconnectionError(f"idle pooled connection is dead: {error}") from error
