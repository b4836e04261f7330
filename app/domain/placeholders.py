"""Admin-written wording with ``{{ name }}`` placeholders (messages, documents): filled from a plain dict.

Deliberately not a template language: an admin who is not a programmer writes text and names values; nothing in
it runs. A dotted name reads into nested dicts (``{{ form.business.name }}``); a name the context lacks is left
empty when filling and reported by :func:`unknown_names` when the admin saves or previews.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}")
_MISSING = object()


def lookup(context: Mapping[str, Any], name: str) -> Any:
    value: Any = context
    for part in name.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdecimal() and int(part) < len(value):
            value = value[int(part)]
        else:
            return _MISSING
    return value


def _text(value: Any) -> str:
    if value is _MISSING or value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_text(v) for v in value)
    return str(value)


def fill(template: str, context: Mapping[str, Any]) -> str:
    return PLACEHOLDER.sub(lambda m: _text(lookup(context, m.group(1))), template or "")


def unknown_names(template: str, context: Mapping[str, Any]) -> list[str]:
    """Placeholders of ``template`` that ``context`` has no value for, in order of appearance."""
    seen: list[str] = []
    for match in PLACEHOLDER.finditer(template or ""):
        name = match.group(1)
        if lookup(context, name) is _MISSING and name not in seen:
            seen.append(name)
    return seen
