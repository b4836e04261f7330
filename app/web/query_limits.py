"""How often one address (and one tracking number) may answer the public progress query wrongly: the one function
pair the query asks. The counts live in the sign-in limiter's storage (app/login_limits.py, the moving
window: memory for `make run`, Redis shared by gunicorn workers in production), under keys of their own.

Defaults: 10 wrong answers per address and 5 per tracking number in 10 minutes, then "try later" — enough to make
guessing a second factor hopeless, and a person who mistypes twice is not locked out.
"""

from __future__ import annotations

import logging
import math
import time

from flask import current_app
from limits import RateLimitItem, parse

from app.login_limits import login_limits

log = logging.getLogger(__name__)


def _items() -> list[tuple[str, RateLimitItem]]:
    config = current_app.config
    return [
        ("address", parse(config.get("PROGRESS_QUERY_LIMIT_PER_ADDRESS", "10 per 10 minutes"))),
        ("number", parse(config.get("PROGRESS_QUERY_LIMIT_PER_NUMBER", "5 per 10 minutes"))),
    ]


def _keys(scope: str, address: str, number: str) -> tuple[str, ...]:
    return (login_limits().prefix, f"progress-{scope}", address if scope == "address" else number)


def retry_after(address: str, number: str) -> int:
    """Seconds until this address may ask about this number again; 0 when it may now."""
    strategy = login_limits().strategy
    wait = 0
    try:
        for scope, item in _items():
            keys = _keys(scope, address, number)
            if not strategy.test(item, *keys):
                reset = strategy.get_window_stats(item, *keys).reset_time
                wait = max(wait, max(1, math.ceil(reset - time.time())))
    except Exception:  # noqa: BLE001 - storage down: answer the query, say so in the log
        log.exception("progress-query limit storage unavailable; query not limited")
    return wait


def failed(address: str, number: str) -> None:
    strategy = login_limits().strategy
    try:
        for scope, item in _items():
            strategy.hit(item, *_keys(scope, address, number))
    except Exception:  # noqa: BLE001
        log.exception("progress-query limit storage unavailable; wrong answer not counted")
