"""Declarative base shared by every model; constraint names are fixed so Alembic migrations stay portable."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ColumnElement, MetaData, literal_column
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSON on SQLite, JSONB on PostgreSQL.
JsonDoc = JSON().with_variant(JSONB(), "postgresql")


def _quoted(values: Iterable[str]) -> list[str]:
    values = tuple(values)
    if not values or any("'" in v or "\\" in v for v in values):
        raise ValueError(f"not plain constants: {values!r}")
    return [f"'{v}'" for v in values]


def sql_strings(values: Iterable[str]) -> str:
    """``'a', 'b'``: fixed strings of ours written as SQL literals, e.g. in a partial index's predicate."""
    return ", ".join(_quoted(values))


def in_constants(column: Any, values: Iterable[str]) -> ColumnElement[bool]:
    """``column IN ('a', 'b')`` with the constants in the SQL text rather than bound per execution.

    ``column.in_(values)`` binds each value at every execution ("expanding" parameters that SQLAlchemy rewrites
    into the SQL each time), and PostgreSQL's cached generic plan for ``state IN ($1, $2)`` cannot use a partial
    index whose predicate is ``state IN ('ready', 'claimed')``: it cannot know what the parameters will hold.
    """
    return column.in_([literal_column(v, column.type) for v in _quoted(values)])


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
