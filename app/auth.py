"""Who is asking: session login for pages (Flask-Login), bearer tokens for the JSON API."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, current_app, has_app_context
from flask_login import current_user
from sqlalchemy import bindparam, event, or_, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.caller_cache import CallerCache
from app.domain.actors import Caller
from app.extensions import db, login_manager
from app.login_limits import login_limits
from app.models import ApiToken, Department, IntegratorClient, Role, User, UserRole
from app.models.base import utcnow
from app.sessions import load_session_user

CALLER_CACHE = "caller_cache"  # key in app.extensions


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    """A hash made with the configured method, checked when no user has the name: an unknown name then takes as
    long to refuse as a wrong password (scrypt: ~100 ms), and answer times no longer tell which names exist."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return _DUMMY_HASHES[method]


def authenticate(username: str, password: str, address: str | None) -> User | None:
    """The one sign-in check, for the login page and the API's /token: the user when the name and password are
    right and the user is active, else None. Raises TooManyAttempts when the account or the address has used up
    its failures (app/login_limits.py); a failure is counted, so the caller commits nothing else."""
    limits = login_limits()
    limits.check(username, address)
    user = db.session.scalar(select(User).where(User.username == username)) if username else None
    password_ok = check_password_hash(user.password_hash if user is not None else _dummy_hash(), password)
    if user is None or not password_ok or not user.active:
        limits.failed(username, address)
        return None
    limits.succeeded(username)
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def init_auth(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        return load_session_user(db.session, session_id)

    app.extensions[CALLER_CACHE] = CallerCache[Caller](float(app.config["API_TOKEN_CACHE_SECONDS"]))


# What a cached caller is made of: a change to any of these rows, made in this process, empties the cache when it
# is flushed and again when it commits (between the two, another request thread could still read and keep the old
# row).
_CALLER_SOURCES = (User, UserRole, Department, ApiToken, IntegratorClient)
_CALLERS_CHANGED = "callers_changed"  # key in Session.info from the flush until the transaction ends


def _caller_cache() -> CallerCache[Caller] | None:
    return current_app.extensions.get(CALLER_CACHE) if has_app_context() else None


@event.listens_for(Session, "after_flush")
def _note_caller_changes(session: Session, _flush_context: Any) -> None:
    changed = (session.new, session.dirty, session.deleted)
    if any(isinstance(obj, _CALLER_SOURCES) for objects in changed for obj in objects):
        session.info[_CALLERS_CHANGED] = True
        if (cache := _caller_cache()) is not None:
            cache.clear()


@event.listens_for(Session, "after_commit")
def _forget_changed_callers(session: Session) -> None:
    if session.info.pop(_CALLERS_CHANGED, False) and (cache := _caller_cache()) is not None:
        cache.clear()


@event.listens_for(Session, "after_rollback")
def _drop_caller_changes(session: Session) -> None:
    session.info.pop(_CALLERS_CHANGED, None)


# One query per API request, on the unique token index: the caller with the roles, department and centre every
# endpoint checks, one row per role. Plain columns run on the session's connection: an ORM User with its roles eagerly
# loaded cost more than twice as much CPU per request (docs/performance.md). A token counts while it
# is not revoked nor expired, its user is active and has not changed password, roles or department since.
# An integrator client's token also carries the client (scopes, rate limit) and counts only while it is active.
_CALLER_BY_TOKEN = (
    select(
        User.id,
        User.username,
        User.display_name,
        User.department_id,
        Department.code,
        UserRole.role,
        IntegratorClient.id,
        IntegratorClient.name,
        IntegratorClient.scopes,
        IntegratorClient.rate_limit,
        User.centre_id,
    )
    .select_from(ApiToken)
    .join(User, User.id == ApiToken.user_id)
    .outerjoin(Department, Department.id == User.department_id)
    .outerjoin(UserRole, UserRole.user_id == User.id)
    .outerjoin(IntegratorClient, IntegratorClient.id == ApiToken.client_id)
    .where(
        ApiToken.token_hash == bindparam("digest"),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > bindparam("now"),
        ApiToken.credential_version == User.credential_version,
        User.active.is_(True),
        or_(ApiToken.client_id.is_(None), IntegratorClient.active.is_(True)),
    )
)


def caller_from_bearer(header: str) -> Caller | None:
    """The API's caller, from an `Authorization: Bearer <token>` header (sessions are not accepted there)."""
    if not header.startswith("Bearer "):
        return None
    digest = token_digest(header[len("Bearer ") :].strip())
    cache: CallerCache[Caller] = current_app.extensions[CALLER_CACHE]
    caller = cache.get(digest)
    if caller is None:
        rows = db.session.connection().execute(_CALLER_BY_TOKEN, {"digest": digest, "now": utcnow()})
        caller = Caller.from_rows(rows)
        if caller is not None:
            cache.put(digest, caller)
    return caller


def roles_required(*roles: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Page guard: anonymous users go to the login page, users without any of `roles` get 403."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
