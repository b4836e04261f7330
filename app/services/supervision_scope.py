"""Whose cases a supervisor watches: a supervisor of a street centre (or a community station) sees the cases of
that centre and of the stations below it; a supervisor of the district centre, or of none, sees the whole
district and may narrow to any centre. The dashboard, its drill-downs and its exports all take the scope from
here, so what a centre's supervisor may not see is never counted, listed or exported."""

from __future__ import annotations

from collections.abc import Mapping

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


def window_names(centre_ids: list[int] | None) -> list[str]:
    """The windows of the clerks of these centres (all centres: None), for the dashboard's window choice."""
    stmt = (
        select(User.window_name)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.WINDOW_CLERK, User.window_name.is_not(None))
        .distinct()
    )
    if centre_ids is not None:
        stmt = stmt.where(User.centre_id.in_(centre_ids))
    return sorted(n for n in db.session.scalars(stmt) if n)
