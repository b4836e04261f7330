"""CPU seconds of server processes: a gunicorn master and its workers, PostgreSQL backends of one database."""

from __future__ import annotations

import psutil


def _cpu(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process; 0 if it has already gone."""
    try:
        return _cpu(psutil.Process(pid))
    except psutil.NoSuchProcess:
        return 0.0


def tree_cpu_seconds(root_pid: int) -> float:
    """User + system CPU seconds of a process and all its live descendants (gunicorn master + workers)."""
    root = psutil.Process(root_pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            total += _cpu(proc)
        except psutil.NoSuchProcess:
            continue
    return total


def postgres_backends_cpu(database: str) -> dict[int, float]:
    """CPU seconds by pid of the PostgreSQL backends serving ``database`` (found by their process title)."""
    found: dict[int, float] = {}
    for proc in psutil.process_iter(["name", "cmdline"]):
        try:
            title = " ".join(proc.info["cmdline"] or [])
            if title.startswith("postgres:") and f" {database} " in f"{title} ":
                found[proc.pid] = _cpu(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def backends_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU spent between two snapshots by backends alive at the second one (new backends count from zero)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())
