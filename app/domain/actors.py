"""Who acts on a case, as the services see them: an id, a name for the audit trail, roles and a department.

A signed-in page user (the ORM ``User``) and an API caller (:class:`Caller`, read as one narrow row per request)
both fit :class:`Actor`, so the case services never need to know which door a request came through.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class Role(enum.StrEnum):
    CITIZEN = "citizen"
    WINDOW_CLERK = "window_clerk"
    APPROVER = "approver"
    DEPARTMENT_ADMIN = "department_admin"
    ADMIN = "admin"
    SUPERVISOR = "supervisor"


# Who may open staff pages (a case's page, its diagram): the hall's and the departments' people, not applicants.
STAFF_ROLES = (Role.WINDOW_CLERK, Role.APPROVER, Role.SUPERVISOR, Role.ADMIN)


class Actor(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def username(self) -> str: ...

    @property
    def display_name(self) -> str: ...

    @property
    def department_id(self) -> int | None: ...

    @property
    def department_code(self) -> str | None: ...

    def has_role(self, *roles: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated API caller: the columns every endpoint checks, without the ORM's bookkeeping."""

    id: int
    username: str
    display_name: str
    department_id: int | None
    department_code: str | None
    roles: frozenset[str]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, str, str, int | None, str | None, str | None]]) -> Caller | None:
        """One caller from ``(id, username, display_name, department_id, department_code, role)`` rows, one row per
        role (a user without roles gives one row with role None); no rows means no caller."""
        rows = list(rows)
        if not rows:
            return None
        user_id, username, display_name, department_id, department_code, _ = rows[0]
        roles = frozenset(row[5] for row in rows if row[5] is not None)
        return cls(user_id, username, display_name, department_id, department_code, roles)

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)
