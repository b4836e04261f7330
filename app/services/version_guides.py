"""An item version's guide, read from the database once per process.

Published versions are immutable (a change publishes a new version with a new ``cache_key``), so the guide a case
step needs (its fee rule, its documents' legal basis and certificate rule) need not load the version's deferred
content, forms and all, on every step. Callers must not change the dict they get back: it is shared.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from app.models import ItemVersion

CACHE_SIZE = 512
_CACHE: OrderedDict[str, dict[str, Any]] = OrderedDict()
_LOCK = threading.Lock()


def guide_of(version: ItemVersion) -> dict[str, Any]:
    """``version.guide`` (an empty dict for none), from this process's cache when it has read it before."""
    key = version.cache_key
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    guide = version.guide or {}
    with _LOCK:
        _CACHE[key] = guide
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return guide
