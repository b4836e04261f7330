"""A fresh benchmark schema, built the way production builds it: migrations, then the demo seed."""

from __future__ import annotations

import subprocess

import psycopg

from bench.settings import BENCH_DATABASE_URL, REPO, VENV_BIN, bench_env, libpq_url


def ensure_database(url: str = BENCH_DATABASE_URL) -> None:
    """Create the benchmark database if it does not exist yet (never touches any other database)."""
    target = libpq_url(url)
    name = target.rsplit("/", 1)[1]
    server = target.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_schema(url: str = BENCH_DATABASE_URL) -> None:
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def flask_cli(*args: str, url: str = BENCH_DATABASE_URL) -> str:
    result = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "app", *args],
        cwd=REPO,
        env=bench_env(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def fresh_schema(url: str = BENCH_DATABASE_URL, *, seed: bool = True) -> None:
    """DROP SCHEMA public CASCADE, `flask db upgrade`, and (by default) `flask demo seed`."""
    ensure_database(url)
    drop_schema(url)
    flask_cli("db", "upgrade", url=url)
    if seed:
        flask_cli("demo", "seed", url=url)
