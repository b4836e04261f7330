"""INSERT … ON CONFLICT for the two databases the platform runs on.

SQLAlchemy spells the conflict clause per dialect (``postgresql.insert`` and ``sqlite.insert`` build the same
SQL with the same methods); this picks the right one and says clearly when the database is neither.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

_DIALECT_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def conflict_insert(dialect: str, target: Any, purpose: str) -> Any:
    """``insert(target)`` with ``on_conflict_do_nothing`` / ``on_conflict_do_update`` for ``dialect``.
    ``purpose`` names what needs it, for the error on any other database."""
    try:
        insert = _DIALECT_INSERT[dialect]
    except KeyError:
        raise NotImplementedError(f"{purpose} supports PostgreSQL and SQLite, not {dialect}") from None
    return insert(target)
