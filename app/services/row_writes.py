"""One mapped row's columns written now, as a single Core UPDATE, instead of through the ORM's unit of work.

Every step of every case changes the case row and one task row. Going through ``Session.flush`` costs the unit
of work's bookkeeping (dependency sort, attribute history, version checks) around what is one UPDATE each, and
building a fresh ``update()`` per call costs almost as much again; the statements here are built once per
(table, columns) and reused, so a write is one cached execution. The loaded object is left as if it had been
read with the new values, so the request goes on reading it, and a later ORM flush of other columns still sees
the right row version.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Update, bindparam, inspect, update
from sqlalchemy.orm import Mapper
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models.base import Base

_KEY = "row_key"
_VERSION = "row_version"


def update_row(obj: Base, **values: Any) -> None:
    """UPDATE ``obj``'s row with ``values`` (attribute names) in the session's transaction.

    A mapped row version (``version_id_col``) is checked and incremented as the ORM would: if another
    transaction changed the row since it was read, :class:`StaleDataError` is raised and nothing is written.
    """
    if not values:
        return
    mapper = inspect(obj).mapper
    stmt, key_attr, version_attr = _statement(mapper, tuple(sorted(values)))
    params = {f"set_{name}": value for name, value in values.items()}
    params[_KEY] = getattr(obj, key_attr)
    if version_attr is not None:
        current = getattr(obj, version_attr)
        params[_VERSION] = current
        params[f"set_{version_attr}"] = values[version_attr] = current + 1
    result = db.session.connection().execute(stmt, params)
    if result.rowcount != 1:
        raise StaleDataError(
            f"{mapper.local_table.name} {params[_KEY]} was changed or deleted by another transaction since it was read"
        )
    for name, value in values.items():
        set_committed_value(obj, name, value)


@cache
def _statement(mapper: Mapper[Any], names: tuple[str, ...]) -> tuple[Update, str, str | None]:
    """UPDATE … SET <names> WHERE key = :row_key [AND version = :row_version], with the key and version
    attribute names; built once per mapper and set of columns."""
    table = mapper.local_table
    [key_column] = mapper.primary_key
    version_column = mapper.version_id_col
    version_attr = None if version_column is None else mapper.get_property_by_column(version_column).key
    stmt = update(table).where(key_column == bindparam(_KEY, type_=key_column.type))
    if version_column is not None:
        stmt = stmt.where(version_column == bindparam(_VERSION, type_=version_column.type))
    columns = [mapper.get_property(name).columns[0] for name in names]
    if version_attr is not None:
        columns.append(version_column)
        names = (*names, version_attr)
    pairs = zip(names, columns, strict=True)
    sets = {column.key: bindparam(f"set_{name}", type_=column.type) for name, column in pairs}
    return stmt.values(sets), mapper.get_property_by_column(key_column).key, version_attr
