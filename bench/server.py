"""gunicorn on a free loopback port, serving the app against the benchmark database; always stopped."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.settings import BENCH_DATABASE_URL, REPO, VENV_BIN, bench_env

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    pid: int

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    # Two workers importing the whole app take over 30 s on two cores shared by six developers' test runs.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode} before serving")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)  # the master and its workers share the group we started
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@contextmanager
def gunicorn(workers: int = 2, url: str = BENCH_DATABASE_URL, log: Path | None = None) -> Iterator[Server]:
    """Serve ``app:create_app()`` with ``workers`` workers, configured by the repository's gunicorn.conf.py as in
    production (threaded, keep-alive); the process group is killed on exit."""
    port = free_port()
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
            "--config",
            str(REPO / "gunicorn.conf.py"),
            "--log-level",
            "warning",
            "app:create_app()",
        ],
        cwd=REPO,
        env=bench_env(url),
        stdout=out,
        stderr=out,
        start_new_session=True,
    )
    try:
        _wait_ready(port, proc)
        yield Server(HOST, port, proc.pid)
    finally:
        _stop(proc)
        if log:
            out.close()  # type: ignore[union-attr]
