"""Read posted form fields uniformly from a werkzeug MultiDict or a plain mapping of lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

COUNT_SUFFIX = "._count"


def get_list(formdata: Any, key: str) -> list[str]:
    """All values posted under ``key`` as strings (a MultiDict, a dict of lists or a dict of strings)."""
    if hasattr(formdata, "getlist"):
        values: Iterable[Any] = formdata.getlist(key)
    else:
        raw = formdata.get(key)
        if raw is None:
            return []
        values = [raw] if isinstance(raw, str | bytes) or not isinstance(raw, Iterable) else raw
    return [value if isinstance(value, str) else _as_text(value) for value in values]


def _as_text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def as_lists(formdata: Any) -> dict[str, list[str]]:
    """Read a post once into {key: [text, ...]}: later lookups are plain dict reads."""
    return {key: get_list(formdata, key) for key in formdata if isinstance(key, str)}


def filled_prefixes(posted: dict[str, list[str]], files: Mapping[str, Any] | None) -> set[str]:
    """Every dotted prefix of a key that was posted with a non-empty value (row counts excluded).

    An optional group whose prefix is not in this set was left completely empty.
    """
    prefixes: set[str] = set()
    keys = [
        key
        for key, values in posted.items()
        if not key.endswith(COUNT_SUFFIX) and any(value.strip() for value in values)
    ]
    if files:
        keys += [key for key, upload in _items(files) if isinstance(key, str) and getattr(upload, "filename", None)]
    for key in keys:
        parts = key.split(".")
        for end in range(1, len(parts) + 1):
            prefixes.add(".".join(parts[:end]))
    return prefixes


def _items(files: Any) -> Iterable[tuple[str, Any]]:
    pairs: Iterable[tuple[str, Any]] = files.items(multi=True) if hasattr(files, "getlist") else files.items()
    return pairs
