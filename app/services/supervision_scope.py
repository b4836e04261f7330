"""Whose cases a supervisor watches: a supervisor of a street centre (or a community station) sees the cases of
that centre and of the stations below it; a supervisor of the district centre, or of none, sees the whole
district and may narrow to any centre. The dashboard, its drill-downs and its exports all take the scope from
here, so what a centre's supervisor may not see is never counted, listed or exported."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from app.domain.actors import Actor
from app.domain.centres import CentreLevel
from app.extensions import db
from app.models import Centre, Role, User, UserRole


def below_and_at(centre_id: int, parents: Mapping[int, int | None]) -> list[int]:
    """``centre_id`` and every centre whose chain of parents leads to it (``parents``: id -> parent id)."""

    def leads_to(candidate: int | None) -> bool:
        seen: set[int] = set()
        while candidate is not None and candidate not in seen:  # a loop in the data ends the walk
            if candidate == centre_id:
                return True
            seen.add(candidate)
            candidate = parents.get(candidate)
        return False

    return sorted(c for c in set(parents) | {centre_id} if leads_to(c))


def centre_family(centre_id: int) -> list[int]:
    """The centre and the centres below it (a street's community stations), read from the few centre rows."""
    parents = {centre_id: parent_id for centre_id, parent_id in db.session.execute(select(Centre.id, Centre.parent_id))}
    return below_and_at(centre_id, parents)


def bound_centre(actor: Actor) -> int | None:
    """The centre a supervisor is limited to; None for the district's supervisors and for admins."""
    if actor.has_role(Role.ADMIN):
        return None
    user = db.session.get(User, actor.id)
    if user is None or user.centre_id is None:
        return None
    centre = db.session.get(Centre, user.centre_id)
    if centre is None or centre.level == CentreLevel.DISTRICT.value:
        return None
    return centre.id


def allowed_centre(actor: Actor, asked: int | None) -> int | None:
    """The centre the figures are about: what was asked if the actor may see it, else the actor's own centre."""
    bound = bound_centre(actor)
    if bound is None:
        return asked
    return asked if asked is not None and asked in centre_family(bound) else bound


@dataclass(frozen=True)
class Window:
    """A window of one centre: "1号窗口" is a name at every centre, so a window is the centre and its name."""

    centre_id: int
    name: str

    @property
    def key(self) -> str:
        """How the filter sends it: ``centre id:name``."""
        return f"{self.centre_id}:{self.name}"


def read_window(value: str | None, centre_id: int | None) -> Window | None:
    """The window the filter asks for: ``centre id:name``; a bare name is the window of the chosen centre, and
    with no centre chosen it names no one window (so it filters nothing)."""
    value = (value or "").strip()[:64]
    head, colon, name = value.partition(":")
    if colon and head.isdecimal() and name.strip():
        return Window(int(head), name.strip()[:32])
    if value and centre_id is not None:
        return Window(centre_id, value[:32])
    return None


def window_choices(centre_ids: list[int] | None) -> list[tuple[Window, str]]:
    """The windows of the clerks of these centres (all centres: None), each with its centre's name when the choice
    spans several centres, for the dashboard's window choice."""
    stmt = (
        select(User.centre_id, Centre.name, User.window_name)
        .join(UserRole, UserRole.user_id == User.id)
        .join(Centre, Centre.id == User.centre_id)
        .where(UserRole.role == Role.WINDOW_CLERK, User.window_name.is_not(None), User.window_name != "")
        .distinct()
    )
    if centre_ids is not None:
        stmt = stmt.where(User.centre_id.in_(centre_ids))
    rows = sorted(db.session.execute(stmt).all(), key=lambda r: (r[0], r[2]))
    several = len({centre_id for centre_id, _, _ in rows}) > 1
    return [(Window(c, name), f"{centre} · {name}" if several else name) for c, centre, name in rows]
