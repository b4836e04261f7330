"""Run one hostile input in a forked child with a CPU-time bound and an address-space cap.

A guard that regresses must fail its test, not hang the suite or eat the machine: the child is killed once it has
used its CPU seconds, and an allocation beyond the cap fails inside the child only. The bound is CPU time, not
wall time, so a busy machine (other test runs, a build) does not turn a fast guard into a failure; a generous
wall clock stays as the safety net for a child that sleeps or blocks. Fork keeps it fast (no interpreter start)
and lets the child use whatever the test built (an app, a compiled form).
"""

from __future__ import annotations

import math
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MEMORY_MB = 512


@dataclass
class Outcome:
    """How a bounded run ended: ``kind`` is "returned", "raised", "timeout" or "died"."""

    kind: str
    value: Any
    seconds: float

    def __str__(self) -> str:
        return f"{self.kind} after {self.seconds:.2f}s: {self.value!r}"[:500]


def _vm_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


WALL_FACTOR = 20  # the safety net: a child asleep or blocked this long is killed


def run_bounded(action: Callable[[], Any], seconds: float = 5.0, memory_mb: int = MEMORY_MB) -> Outcome:
    """``action()`` in a child process; its result (or exception text) if it ends within ``seconds`` of CPU."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_end)
        try:
            limit = _vm_bytes() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            cpu = math.ceil(seconds + _cpu_used())
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            try:
                payload = ("returned", action())
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, whatever it is
                payload = ("raised", f"{type(exc).__name__}: {exc}")
            try:
                data = pickle.dumps(payload)
            except Exception:  # noqa: BLE001
                data = pickle.dumps((payload[0], repr(payload[1])[:2000]))
            os.write(write_end, data)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds * WALL_FACTOR
    killed = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                killed = True
                break
            ready, _, _ = select.select([read_end], [], [], left)
            if ready:
                chunk = os.read(read_end, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_end)
        _, _, usage = os.wait4(pid, 0)
    used = usage.ru_utime + usage.ru_stime
    if killed or used > seconds:
        return Outcome("timeout", None, used)
    if not chunks:
        return Outcome("died", None, used)
    kind, value = pickle.loads(b"".join(chunks))
    return Outcome(kind, value, used)


def _cpu_used() -> float:
    """CPU seconds this (forked) process has already been charged; the child's limit counts from here."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
