"""Staff reading a case: who looked at which case, when and where (kept apart from the case's own timeline)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class CaseRead(Base):
    __tablename__ = "case_read"
    __table_args__ = (
        Index("ix_case_read_application_at", "application_id", "at"),
        Index("ix_case_read_user_at", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # Where it was read: "page", "diagram", "task", "file", "document", "api".
    surface: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(default=utcnow)
