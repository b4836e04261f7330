"""What the JSON API reads from a request and how it writes times: one strict reading for every endpoint, so what
the OpenAPI document promises (app/web/openapi.py) is what the server does."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from flask import request

from app.services.errors import InvalidData, ServiceError


class BadQuery(ServiceError):
    """A query parameter the endpoint cannot read (400, like every request the door refuses)."""

    status = 400
    code = "invalid_query"


def json_object() -> dict[str, Any]:
    """The request's JSON body, which must be an object."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidData("请求体必须是 JSON 对象", details={"body": ["需要 JSON 对象"]})
    return body


def _openapi_path(rule: str) -> str:
    """``/api/v1/tasks/<int:task_id>/claim`` -> ``/tasks/{task_id}/claim``, the document's name of a route."""
    path = rule.removeprefix("/api/v1")
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", path)


@cache
def _declared_queries(rule: str, method: str) -> frozenset[str]:
    from app.web.openapi import OPENAPI

    operation = OPENAPI["paths"].get(_openapi_path(rule), {}).get(method.lower(), {})
    return frozenset(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")


def refuse_undeclared_queries() -> None:
    """400 for a query parameter the document does not declare for this operation: a misspelt ``limt=5`` is told
    so instead of being ignored."""
    if request.url_rule is None or not request.args:
        return
    declared = _declared_queries(request.url_rule.rule, request.method)
    unknown = sorted(set(request.args) - declared)
    if unknown:
        problem = f"不认识的查询参数：{', '.join(unknown)}"
        raise BadQuery(problem, details={name: [problem] for name in unknown})


def query_int(name: str, default: int, lowest: int, highest: int) -> int:
    """A whole-number query parameter, given at most once, from ``lowest`` to ``highest``; ``default`` when absent.

    A repeated, non-numeric or out-of-range value is refused (422 naming it) rather than quietly read as something
    else: a client that sent ``limit=abc`` or ``limit=1&limit=900`` learns that the server did not do what it asked.
    """
    values = request.args.getlist(name)
    if not values:
        return default
    problem = f"{name} 必须是 {lowest} 到 {highest} 之间的整数，且只给一次"
    if len(values) > 1 or not values[0].strip().lstrip("-").isdigit() or len(values[0]) > 20:
        raise BadQuery(problem, details={name: [problem]})
    value = int(values[0])
    if not lowest <= value <= highest:
        raise BadQuery(problem, details={name: [problem]})
    return value


def query_text(name: str, max_length: int = 200) -> str | None:
    """A text query parameter given at most once (None when absent)."""
    values = request.args.getlist(name)
    if not values:
        return None
    if len(values) > 1 or len(values[0]) > max_length:
        problem = f"{name} 只能给一次，且不超过 {max_length} 个字符"
        raise BadQuery(problem, details={name: [problem]})
    return values[0]


def iso_time(value: datetime | None) -> str | None:
    """A stored time (naive UTC, app/models/base.utcnow) as RFC 3339 with its offset, as OpenAPI's date-time says."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def page_cursor(name: str = "cursor") -> int | None:
    """The position a list goes on from: the ``next_cursor`` a previous page returned (the last row's id, as text;
    clients pass it back as they got it)."""
    text = query_text(name, 18)
    if text is None:
        return None
    if not text.isascii() or not text.isdigit() or text.startswith("0"):
        problem = f"{name} 无法识别：请原样使用上一页返回的 next_cursor"
        raise BadQuery(problem, details={name: [problem]})
    return int(text)


def next_cursor(rows: list[Any], limit: int, position: Callable[[Any], int]) -> str | None:
    """The cursor of the page after ``rows`` (None on the last page): keyset paging on a unique, ordered id, so
    rows inserted meanwhile neither repeat nor vanish between pages as with offsets."""
    if len(rows) < limit:
        return None
    return str(position(rows[-1]))
