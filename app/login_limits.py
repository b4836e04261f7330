"""Failed sign-ins are counted per account and per address (the `limits` package's storage and moving window).

Once either count is spent, sign-in answers "too many attempts" without looking at the password, for the web
form and the API's ``/token`` alike, until the oldest failure leaves the window. A success clears the account's
count (not the address's: one right password must not buy an address more guesses at other accounts).

Storage: ``RATELIMIT_STORAGE_URI`` (``memory://`` by default, enough for `make run` and one process; production
with several gunicorn workers sets ``redis://127.0.0.1:6379/0`` so the workers share the counts). When the storage
cannot be reached the attempt is let through and the error logged: the hall keeps working.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import gettext
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter, RateLimiter

from app.services.errors import ServiceError

log = logging.getLogger(__name__)
EXTENSION = "login_limits"


class TooManyAttempts(ServiceError):
    status = 429
    code = "too_many_attempts"

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            gettext("登录失败次数过多，请 %(minutes)d 分钟后再试。", minutes=minutes),
            details={"retry_after": retry_after},
        )
        self.retry_after = retry_after


@dataclass
class LoginLimits:
    storage: Storage
    strategy: RateLimiter  # the moving window over ``storage``; the API's client limits and the progress query use it
    per_account: RateLimitItem
    per_address: RateLimitItem
    prefix: str = "yichuang"  # RATELIMIT_KEY_PREFIX: several apps (or test runs) can share one Redis

    def _account(self, username: str) -> tuple[str, ...]:
        return (self.prefix, "login-account", username.strip().casefold())

    def _keys(self, username: str, address: str | None) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
        return [
            (self.per_account, self._account(username)),
            (self.per_address, (self.prefix, "login-address", address or "unknown")),
        ]

    def check(self, username: str, address: str | None) -> None:
        """Raise :class:`TooManyAttempts` when the account or the address has no failures left."""
        try:
            for item, keys in self._keys(username, address):
                if not self.strategy.test(item, *keys):
                    reset = self.strategy.get_window_stats(item, *keys).reset_time
                    raise TooManyAttempts(max(1, math.ceil(reset - time.time())))
        except TooManyAttempts:
            raise
        except Exception:  # noqa: BLE001 - storage down: let the hall work, say so in the log
            log.exception("login rate-limit storage unavailable; attempt not limited")

    def failed(self, username: str, address: str | None) -> None:
        try:
            for item, keys in self._keys(username, address):
                self.strategy.hit(item, *keys)
        except Exception:  # noqa: BLE001
            log.exception("login rate-limit storage unavailable; failure not counted")

    def succeeded(self, username: str) -> None:
        try:
            self.strategy.clear(self.per_account, *self._account(username))
        except Exception:  # noqa: BLE001
            log.exception("login rate-limit storage unavailable; count not cleared")


def init_login_limits(app: Flask) -> LoginLimits:
    # The counts alone, without Flask-Limiter: no request has a limit of its own, and its before- and after-request
    # hooks ran on every request all the same (docs/performance.md).
    storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    limits = LoginLimits(
        storage,
        MovingWindowRateLimiter(storage),
        parse(app.config["LOGIN_LIMIT_PER_ACCOUNT"]),
        parse(app.config["LOGIN_LIMIT_PER_ADDRESS"]),
        app.config.get("RATELIMIT_KEY_PREFIX") or "yichuang",
    )
    app.extensions[EXTENSION] = limits
    return limits


def login_limits() -> LoginLimits:
    return current_app.extensions[EXTENSION]
