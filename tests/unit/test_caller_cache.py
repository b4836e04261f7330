"""The per-process memo of API callers (app/caller_cache.py): expiry, the size cap, switched off at 0."""

from __future__ import annotations

from app.caller_cache import CallerCache


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_entry_lives_for_ttl_seconds_and_no_longer():
    clock = Clock()
    cache: CallerCache[str] = CallerCache(5, clock=clock)
    cache.put("digest", "caller")
    clock.now += 4.9
    assert cache.get("digest") == "caller"
    clock.now += 0.1
    assert cache.get("digest") is None
    assert len(cache) == 0  # an expired entry is dropped when it is found


def test_reading_does_not_extend_an_entry():
    clock = Clock()
    cache: CallerCache[str] = CallerCache(5, clock=clock)
    cache.put("digest", "caller")
    for _ in range(4):
        clock.now += 1
        assert cache.get("digest") == "caller"
    clock.now += 1
    assert cache.get("digest") is None


def test_a_ttl_of_zero_keeps_nothing():
    cache: CallerCache[str] = CallerCache(0)
    cache.put("digest", "caller")
    assert not cache.enabled
    assert cache.get("digest") is None
    assert len(cache) == 0


def test_a_full_cache_drops_expired_entries_first_and_never_grows_past_its_cap():
    clock = Clock()
    cache: CallerCache[int] = CallerCache(5, max_entries=3, clock=clock)
    cache.put("old", 1)
    clock.now += 10
    cache.put("a", 2)
    cache.put("b", 3)
    cache.put("c", 4)  # full: "old" has expired and makes room
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (2, 3, 4)
    cache.put("d", 5)  # full of live entries: start again rather than grow
    assert len(cache) <= 3
    assert cache.get("d") == 5


def test_clear_forgets_everyone():
    cache: CallerCache[str] = CallerCache(5)
    cache.put("x", "caller")
    cache.clear()
    assert cache.get("x") is None
