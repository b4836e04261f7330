"""Issuing, listing and revoking API tokens: one per department system, each named, expiring and revocable.

A new token leaves the user's other tokens alone, so a second system signing in does not log out the first.
Only the token's SHA-256 is stored; the token itself is returned once.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select

from app.auth import token_digest
from app.extensions import db
from app.models import ApiToken, User
from app.models.base import utcnow
from app.services.errors import InvalidData, NotFound

DEFAULT_DAYS = 90
MAX_DAYS = 365
MAX_NAME = 100


def token_lifetime(days: object) -> int:
    """Days a new token lives: the default when not given, else a whole number from 1 to MAX_DAYS."""
    if days is None:
        return DEFAULT_DAYS
    if isinstance(days, float) and days.is_integer():  # JSON's 30.0 is the whole number 30
        days = int(days)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InvalidData(
            f"expires_in_days 必须是 1 到 {MAX_DAYS} 之间的整数",
            details={"expires_in_days": [f"1–{MAX_DAYS}"]},
        )
    return days


def token_name(name: object) -> str:
    if name is None:
        return "未命名"
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > MAX_NAME:
        raise InvalidData(f"name 必须是 1 到 {MAX_NAME} 个字符的文本", details={"name": [f"1–{MAX_NAME}"]})
    return name.strip()


def issue_token(user: User, name: str, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token (shown once, never stored)."""
    value = secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=token_digest(value),
        created_at=now,
        expires_at=now + timedelta(days=days),
        credential_version=user.credential_version or 1,
    )
    db.session.add(row)
    db.session.flush()
    return row, value


def tokens_of(user_id: int) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())))


def revoke_token(user_id: int, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (revoking it twice is the same as once)."""
    row = db.session.get(ApiToken, token_id) if 0 < token_id < 2**31 else None  # beyond the column: none
    if row is None or row.user_id != user_id:
        raise NotFound("未找到该令牌")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.session.flush()
    return row


def token_state(row: ApiToken, credential_version: int) -> str:
    """``active``, ``expired`` or ``revoked`` (a password or role change revokes every earlier token)."""
    if row.revoked_at is not None or row.credential_version != credential_version:
        return "revoked"
    if row.expires_at <= utcnow():
        return "expired"
    return "active"
