"""Who is asking: session login for pages (Flask-Login), bearer tokens for the JSON API."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, current_app
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db, login_manager
from app.models import Role, User


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(user: User) -> str:
    """Give the user a new API token; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    user.api_token_hash = token_digest(token)
    return token


def init_auth(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id), options=[joinedload(User.role_rows)])


# One query per API request, on the unique token index: the caller with the roles and department every endpoint
# checks. Built once with a bound parameter, so a request does not rebuild it nor recompute its cache key.
_USER_BY_TOKEN = (
    select(User)
    .where(User.api_token_hash == bindparam("digest"), User.active.is_(True))
    .options(joinedload(User.role_rows), joinedload(User.department))
)


def user_from_bearer(header: str) -> User | None:
    """The API's caller, from an `Authorization: Bearer <token>` header (sessions are not accepted there)."""
    if not header.startswith("Bearer "):
        return None
    digest = token_digest(header[len("Bearer ") :].strip())
    return db.session.scalars(_USER_BY_TOKEN, {"digest": digest}).unique().first()


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
