"""Compile each published form version once: versions are immutable, so a caller-given key is enough."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from forms.compiled import CompiledForm, compile_form

CACHE_SIZE = 256
_cache: OrderedDict[str, CompiledForm] = OrderedDict()
_lock = threading.Lock()


def compile_form_cached(key: str, schema: dict[str, Any], ui: dict[str, Any] | None = None) -> CompiledForm:
    """``compile_form`` memoised by ``key`` (e.g. "item-42@v7"); least recently used entries are evicted.

    The key must change whenever the schema or ui hints change; failures are not cached.
    """
    return cached_form(key, lambda: (schema, ui))


def cached_form(key: str, load: Callable[[], tuple[dict[str, Any], dict[str, Any] | None]]) -> CompiledForm:
    """Like ``compile_form_cached``, but ``load`` (returning schema and ui) is only called on a cache miss, so a
    caller need not fetch an immutable version's schema from its database to use the compiled form."""
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    schema, ui = load()
    compiled = compile_form(schema, ui)
    with _lock:
        _cache[key] = compiled
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


def clear_cache() -> None:
    """Forget every compiled form (tests, or after a catalogue import)."""
    with _lock:
        _cache.clear()
