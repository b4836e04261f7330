"""API callers remembered for a few seconds per process, so a client's requests do not each look its token up.

Every API request read the caller (user, department, roles) by its token digest: one statement of the 10 a
benchmark case makes in 51 (`make bench`). An integrator calls many times a second with the same token, and
what the row says changes rarely: a new token, a user switched off, a role taken away.

Within the process that makes such a change the cache is emptied at once (see :func:`app.auth.init_auth`).
The other worker processes cannot hear about it; they hold what they read for at most ``ttl`` seconds
(``API_TOKEN_CACHE_SECONDS``, 5 by default, 0 turns the cache off). That bound is the price: a revoked token
or a removed role can still act for up to ``ttl`` seconds through another worker. Only tokens that named a
caller are kept, so unknown tokens cannot fill the memory, and the size is capped anyway.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class CallerCache(Generic[V]):
    """A map from token digest to caller whose entries expire ``ttl`` seconds after they were read."""

    def __init__(self, ttl: float, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._entries: dict[str, tuple[float, V]] = {}

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    def get(self, digest: str) -> V | None:
        found = self._entries.get(digest)
        if found is None:
            return None
        expires, value = found
        if self.clock() >= expires:
            self._entries.pop(digest, None)
            return None
        return value

    def put(self, digest: str, value: V) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if len(self._entries) >= self.max_entries:
            self._drop_expired(now)
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
        self._entries[digest] = (now + self.ttl, value)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def _drop_expired(self, now: float) -> None:
        # A snapshot: the other request thread of the worker may be adding an entry meanwhile.
        for digest, (expires, _) in list(self._entries.items()):
            if expires <= now:
                self._entries.pop(digest, None)
