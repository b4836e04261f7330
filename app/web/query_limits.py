"""How often one address (and one tracking number) may try the public progress query: the one function the
query asks, so the storage can become secweb's Flask-Limiter storage without touching the page.

A moving window in this process's memory: enough for `make run` and to make guessing a second factor slow (10
wrong answers per address and 5 per tracking number in 10 minutes, then "try later"); several gunicorn workers
each keep their own window until the shared limiter storage takes over.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from flask import current_app

_lock = threading.Lock()
_failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)


def _limits() -> dict[str, tuple[int, float]]:
    config = current_app.config
    window = float(config.get("PROGRESS_QUERY_WINDOW_SECONDS", 600))
    return {
        "address": (int(config.get("PROGRESS_QUERY_FAILURES_PER_ADDRESS", 10)), window),
        "number": (int(config.get("PROGRESS_QUERY_FAILURES_PER_NUMBER", 5)), window),
    }


def _trim(entries: deque[float], window: float, now: float) -> None:
    while entries and entries[0] <= now - window:
        entries.popleft()


def retry_after(address: str, number: str) -> int:
    """Seconds until this address may ask about this number again; 0 when it may now."""
    now = time.monotonic()
    wait = 0.0
    with _lock:
        for scope, key in (("address", address), ("number", number)):
            allowed, window = _limits()[scope]
            entries = _failures[(scope, key)]
            _trim(entries, window, now)
            if len(entries) >= allowed:
                wait = max(wait, entries[0] + window - now)
    return int(wait) + (1 if wait else 0)


def failed(address: str, number: str) -> None:
    now = time.monotonic()
    with _lock:
        for scope, key in (("address", address), ("number", number)):
            _failures[(scope, key)].append(now)


def forget_all() -> None:
    """Tests start from nothing."""
    with _lock:
        _failures.clear()
