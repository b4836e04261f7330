"""What a case can be found by (受理编号, names, ID number, mobile, credit code): plain Python, no database.

The answers live in the case's JSON under whatever names each form chose, so the terms are read by what a field
*is*: its format (``cn-resident-id``, ``cn-mobile``, ``cn-credit-code``) or, for names, its key (``name``,
``legal_rep``…). They are kept in ``case_search_term`` beside the case, so a search is an indexed lookup
instead of a scan of every case's JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

NAME, ID_NUMBER, MOBILE, CREDIT_CODE = "name", "id_number", "mobile", "credit_code"
FORMAT_KINDS = {"cn-resident-id": ID_NUMBER, "cn-mobile": MOBILE, "cn-credit-code": CREDIT_CODE}
NAME_KEYS = frozenset({"name", "legal_rep", "contact", "contact_name", "applicant_name", "company_name"})
MAX_TERM = 200

_CODE = re.compile(r"^[0-9A-Za-z]{6,32}$")
_SPACES = re.compile(r"[\s\-]+")


@dataclass(frozen=True, slots=True)
class Query:
    """A typed search box: ``codes`` are exact values to look up, ``name`` a name or part of one."""

    text: str
    codes: tuple[str, ...] = ()
    name: str | None = None


def normalise_code(value: str) -> str:
    return _SPACES.sub("", value).upper()


def read_query(text: str) -> Query:
    """What a clerk typed: an identifier (tracking number, ID, mobile, credit code) or a name."""
    text = text.strip()
    if not text:
        return Query("")
    compact = normalise_code(text)
    if _CODE.match(compact):
        return Query(text, codes=(compact,))
    return Query(text, name=text[:MAX_TERM])


def search_terms(schema: Any, data: Any) -> set[tuple[str, str]]:
    """(kind, value) pairs a case with ``data`` under ``schema`` can be found by."""
    return {(kind, value) for kind, value in _walk(schema, data) if value}


def _walk(schema: Any, data: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if not isinstance(schema, dict):
        return
    if isinstance(data, dict):
        properties = schema.get("properties") or {}
        for name, value in data.items():
            yield from _walk(properties.get(name, {}), value, name)
    elif isinstance(data, list):
        items = schema.get("items")
        for value in data:
            yield from _walk(items if isinstance(items, dict) else {}, value, key)
    elif isinstance(data, str):
        kind = FORMAT_KINDS.get(str(schema.get("format") or ""))
        if kind is not None:
            yield kind, normalise_code(data)[:MAX_TERM]
        elif key in NAME_KEYS:
            yield NAME, data.strip()[:MAX_TERM]
