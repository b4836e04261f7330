"""Run one hostile input in a forked child with a hard wall clock and address-space cap.

A guard that regresses must fail its test, not hang the suite or eat the machine: the child is killed at the
deadline, and an allocation beyond the cap fails inside the child only. Fork keeps it fast (no interpreter start)
and lets the child use whatever the test built (an app, a compiled form).
"""

from __future__ import annotations

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


def run_bounded(action: Callable[[], Any], seconds: float = 5.0, memory_mb: int = MEMORY_MB) -> Outcome:
    """``action()`` in a child process; its result (or exception text) if it ends within ``seconds``."""
    read_end, write_end = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_end)
        try:
            limit = _vm_bytes() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
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
    deadline = started + seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                return Outcome("timeout", None, time.monotonic() - started)
            ready, _, _ = select.select([read_end], [], [], left)
            if ready:
                chunk = os.read(read_end, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    elapsed = time.monotonic() - started
    if not chunks:
        return Outcome("died", None, elapsed)
    kind, value = pickle.loads(b"".join(chunks))
    return Outcome(kind, value, elapsed)
