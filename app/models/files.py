"""Uploaded materials, kept on disk under UPLOAD_DIR; case data keeps only a reference to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class StoredFile(Base):
    __tablename__ = "stored_file"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    field_path: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # the cleanup reads the oldest


class CaseFile(Base):
    """A stored file named by a case's data or one of its decisions (app/services/case_files.py keeps these).

    Who may read a file follows from the cases it belongs to; a file no case names is removed by the worker after
    a grace period (app/services/upload_cleanup.py)."""

    __tablename__ = "case_file"

    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), primary_key=True)
    file_id: Mapped[str] = mapped_column(ForeignKey("stored_file.id", ondelete="CASCADE"), primary_key=True, index=True)
