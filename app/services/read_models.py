"""What a task and a case look like to a reader, defined once.

:class:`TaskRow` and :class:`CaseRow` name the fields and their types. The row queries (``task_lists``,
``case_rows``) select columns labelled with exactly these names, a completion builds ``TaskRow`` from the rows it
holds, the JSON API turns either into JSON with :func:`as_json`, and the OpenAPI description's ``Task`` and ``Case``
schemas are :func:`json_schema` of them. Adding a column is one line here and one in the query; a test fails when
the query, the answers and the published schema disagree (tests/integration/test_read_models.py).
"""

from __future__ import annotations

import enum
import types
from datetime import UTC, date, datetime
from functools import cache
from typing import Annotated, Any, NamedTuple, Union, get_args, get_origin, get_type_hints

from app.domain.lifecycle import CaseStatus, TaskState

NOT_SHOWN = "not shown"  # Annotated[..., NOT_SHOWN]: read for access checks, never in an answer or the schema


class TaskRow(NamedTuple):
    """One task as every task list shows it (the department queue, a case's steps, a completion's answer)."""

    id: int
    element_id: str
    name: str
    lane: str
    state: Annotated[str, TaskState]
    assignee: str | None  # the username of whoever claimed or completed it
    due_date: date | None
    tracking_number: str | None
    item: str  # the service item's slug
    # Need to know: a department sees a case it has or had a step on (a step's answer decides from its own rows).
    department_id: Annotated[int | None, NOT_SHOWN]


class CaseRow(NamedTuple):
    """One case as the API shows it, with the ids its access check needs."""

    id: Annotated[int, NOT_SHOWN]
    applicant_id: Annotated[int, NOT_SHOWN]
    entered_by_id: Annotated[int | None, NOT_SHOWN]
    tracking_number: str | None
    item: str  # the service item's slug
    kind: Annotated[str, NOT_SHOWN]  # the item's kind: a bundle's case also answers its members' progress
    version: int  # the item version's number
    status: Annotated[str, CaseStatus]
    outcome: str | None
    submitted_at: datetime
    accepted_at: datetime | None
    due_date: date | None
    finished_at: datetime | None
    data: dict[str, Any]  # the application form's data
    field_sight: Annotated[dict[str, Any] | None, NOT_SHOWN]  # which department sees which of the form's fields


def case_row_of(application: Any) -> CaseRow:
    """An Application (with its version and item loaded) as a :class:`CaseRow`."""
    version = application.item_version
    of_version = {"item": version.item.slug, "kind": version.item.kind, "version": version.number}
    of_version["field_sight"] = version.field_sight
    values = {name: getattr(application, name) for name in CaseRow._fields if name not in of_version}
    return CaseRow(**values, **of_version)


def as_json(model: type[NamedTuple], row: Any) -> dict[str, Any]:
    """``row`` (a ``model``, or a database row with the same names) as JSON: dates in ISO form, times with their
    UTC offset, hidden fields left out."""
    body = {}
    for name in _shown(model):
        value = getattr(row, name)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)  # stored as naive UTC; RFC 3339 (OpenAPI's date-time) needs the offset
        body[name] = value.isoformat() if isinstance(value, date) else value
    return body


@cache
def json_schema(model: type[NamedTuple]) -> dict[str, Any]:
    """The JSON Schema of :func:`as_json`'s answer for ``model``: every shown field, each required. It does not
    forbid other properties (a client should accept a field added later); the drift test does."""
    hints = get_type_hints(model, include_extras=True)
    shown = _shown(model)
    return {
        "type": "object",
        "required": list(shown),
        "properties": {name: _schema_of(hints[name]) for name in shown},
    }


@cache
def _shown(model: type[NamedTuple]) -> tuple[str, ...]:
    hints = get_type_hints(model, include_extras=True)
    return tuple(name for name in model._fields if NOT_SHOWN not in getattr(hints[name], "__metadata__", ()))


_SCALARS: dict[Any, dict[str, Any]] = {
    int: {"type": "integer"},
    str: {"type": "string"},
    bool: {"type": "boolean"},
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
}


def _schema_of(hint: Any) -> dict[str, Any]:
    if get_origin(hint) is Annotated:
        base, *extras = get_args(hint)
        schema = _schema_of(base)
        for extra in extras:
            if isinstance(extra, type) and issubclass(extra, enum.Enum):
                schema["enum"] = [member.value for member in extra]
        return schema
    if get_origin(hint) in (Union, types.UnionType):
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        [only] = options
        schema = _schema_of(only)
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        return schema
    if get_origin(hint) is dict or hint is dict:
        return {"type": "object"}
    if hint in _SCALARS:
        return dict(_SCALARS[hint])
    raise TypeError(f"no JSON Schema for {hint!r}: add it to read_models._SCALARS")
