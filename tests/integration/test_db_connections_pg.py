"""Pooled connections killed by PostgreSQL (a restart, an idle timeout) while they sat in the pool."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, exc, text

from app.db_connections import ping_idle_connections

pytestmark = pytest.mark.postgres


def _pooled_engine_with_killed_connection(url: str, idle_seconds: float):
    engine = create_engine(url, pool_size=1, max_overflow=0)
    ping_idle_connections(engine, idle_seconds)
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    killer = create_engine(url)
    with killer.begin() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    killer.dispose()
    return engine, pid


def test_an_idle_connection_killed_in_the_pool_is_replaced_before_the_request_sees_it(postgres_url):
    engine, killed_pid = _pooled_engine_with_killed_connection(postgres_url, idle_seconds=0)
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert pid != killed_pid
    engine.dispose()


def test_a_connection_reused_at_once_is_not_pinged_so_its_death_fails_one_request_only(postgres_url):
    engine, killed_pid = _pooled_engine_with_killed_connection(postgres_url, idle_seconds=3600)
    with pytest.raises(exc.OperationalError) as raised, engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    assert raised.value.connection_invalidated
    with engine.connect() as conn:  # the pool was invalidated: the next request gets a new connection
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != killed_pid
    engine.dispose()
