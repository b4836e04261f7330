"""Materials a case owes after 容缺受理 (acceptance with deferred materials): one row per material, from the
window's promise to its confirmed receipt. The rules are app/domain/deferrals.py; the service that writes these
rows is app/services/deferrals.py."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.cases import Application
from app.models.files import StoredFile
from app.models.people import User


class DeferredMaterial(Base):
    __tablename__ = "deferred_material"
    __table_args__ = (
        UniqueConstraint("application_id", "name"),
        # The overdue list (queue marker, supervision): the owed rows by promised date.
        Index("ix_deferred_material_owed", "received_at", "promised_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))  # as the guide names the material
    promised_by: Mapped[date]  # a calendar date the applicant promised it by
    deferred_at: Mapped[datetime] = mapped_column(default=utcnow)
    deferred_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    file_id: Mapped[str | None] = mapped_column(ForeignKey("stored_file.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime | None]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    received_at: Mapped[datetime | None]
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    application: Mapped[Application] = relationship()
    file: Mapped[StoredFile | None] = relationship()
    received_by: Mapped[User | None] = relationship(foreign_keys=[received_by_id])
