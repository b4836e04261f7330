"""Web sessions that can be ended: the cookie names the user and the session version it was signed in under.

A signed cookie alone cannot be taken back: whoever holds a copy stays signed in. So every request reads the user
(it already did) and accepts the cookie only while the user is active and their ``session_version`` is still the
one in the cookie. Logging out raises the number, which ends every session of the user, a copied cookie included.

Changes that alter what a user may do (a new password, roles given or taken, another department, switched off)
raise ``credential_version`` too, which ends the user's API tokens as well (app/auth.py). They are caught in one
place, when the session flushes, so the admin pages, the command line and any service get it without remembering
to; bulk ``UPDATE`` statements bypass it and must raise the numbers themselves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, joinedload

from app.models import User, UserRole

# Columns of user_account whose change ends the user's sessions and tokens.
_CREDENTIAL_COLUMNS = ("password_hash", "active", "department_id")


def parse_session_id(value: str) -> tuple[int, int] | None:
    """``"12:3"`` → (user 12, session version 3); anything else (an old cookie with the bare id) → None."""
    user_id, sep, version = value.partition(":")
    if not sep or not user_id.isdecimal() or not version.isdecimal():
        return None
    return int(user_id), int(version)


def load_session_user(session: Session, value: str) -> User | None:
    """The signed-in user for a session cookie's id, or None when the session has been ended."""
    parsed = parse_session_id(value)
    if parsed is None:
        return None
    user = session.get(User, parsed[0], options=[joinedload(User.role_rows)])
    if user is None or not user.active or user.session_version != parsed[1]:
        return None
    return user


def end_sessions(user: User) -> None:
    """Every web session of ``user`` ends (logout); their API tokens stay valid."""
    user.session_version = (user.session_version or 1) + 1


def end_sessions_and_tokens(user: User) -> None:
    end_sessions(user)
    user.credential_version = (user.credential_version or 1) + 1


def _changed(obj: Any, attribute: str) -> bool:
    return inspect(obj).attrs[attribute].history.has_changes()


@event.listens_for(Session, "before_flush")
def _end_sessions_on_credential_change(session: Session, _context: Any, _instances: Any) -> None:
    affected: dict[int, User] = {}
    for obj in session.dirty:
        if isinstance(obj, User) and any(_changed(obj, a) for a in (*_CREDENTIAL_COLUMNS, "role_rows")):
            affected[id(obj)] = obj
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, UserRole):
            user = obj.user if "user" in inspect(obj).dict else None
            if user is None and obj.user_id is not None:
                user = session.get(User, obj.user_id)
            if user is not None and user not in session.new and user not in session.deleted:
                affected[id(user)] = user
    for user in affected.values():
        if not _changed(user, "credential_version"):  # raise once per flush, not again for the same change
            end_sessions_and_tokens(user)
