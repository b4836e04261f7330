"""Who acts on a case, as the services see them: an id, a name for the audit trail, roles and a department.

A signed-in page user (the ORM ``User``) and an API caller (:class:`Caller`, read as one narrow row per request)
both fit :class:`Actor`, so the case services never need to know which door a request came through.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class Role(enum.StrEnum):
    CITIZEN = "citizen"
    WINDOW_CLERK = "window_clerk"
    APPROVER = "approver"
    DEPARTMENT_ADMIN = "department_admin"
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    # 首席代表: a window clerk authorised to decide their own department's immediate items at the window
    # (app/domain/immediate.py); the department is the user's.
    CHIEF_REPRESENTATIVE = "chief_representative"


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
    # A department system's token (app/models/integrators.py): what it may do and how often; None for a person's.
    client: IntegratorGrant | None = None
    # The service centre a window clerk works at (the window queues and steps keep to its cases); None elsewhere.
    centre_id: int | None = None

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> Caller | None:
        """One caller from ``(id, username, display_name, department_id, department_code, role)`` rows, one row per
        role (a user without roles gives one row with role None); no rows means no caller. Rows may go on with
        ``(client_id, client_name, scopes, rate_limit)`` of an integrator client's token, then the user's centre id."""
        rows = list(rows)
        if not rows:
            return None
        user_id, username, display_name, department_id, department_code = rows[0][:5]
        roles = frozenset(row[5] for row in rows if row[5] is not None)
        client = None
        if len(rows[0]) > 6 and rows[0][6] is not None:
            client_id, name, scopes, rate_limit = rows[0][6:10]
            client = IntegratorGrant(client_id, name, frozenset(scopes.split()), rate_limit)
        centre_id = rows[0][10] if len(rows[0]) > 10 else None
        return cls(user_id, username, display_name, department_id, department_code, roles, client, centre_id)

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def may(self, scope: str) -> bool:
        """A person's token may do whatever their roles allow; a client's only what its scopes name."""
        return self.client is None or scope in self.client.scopes


@dataclass(frozen=True, slots=True)
class IntegratorGrant:
    """What an integrator client's token carries: who the client is, its scopes and its rate limit."""

    id: int
    name: str
    scopes: frozenset[str]
    rate_limit: str
