"""API tokens: several per user (one per department system), each with a name, an expiry and revocation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.people import User


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # Only the SHA-256 of the token is kept; the token itself is shown once, when it is issued.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    # The user's credential_version when issued: a new password, new roles or switching the user off raise it,
    # and every token issued before stops working.
    credential_version: Mapped[int]
    # Set for a token of an integrator client (app/models/integrators.py): its scopes and rate limit apply.
    client_id: Mapped[int | None] = mapped_column(ForeignKey("integrator_client.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()
