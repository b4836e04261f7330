"""Background work per case: timers due, platform actions queued and documents to render, claimed by `flask worker`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.cases import Application


class JobKind:
    TIMER = "timer"
    SERVICE = "service"
    DOCUMENT = "document"  # render one CaseDocument (spiff_task_id "document:<id>"); not a workflow step


class JobState:
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(Base):
    """One timer or service call a case waits on, copied out of the workflow state when the case is saved."""

    __tablename__ = "job"
    __table_args__ = (
        UniqueConstraint("application_id", "kind", "spiff_task_id"),
        Index("ix_job_claim", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    spiff_task_id: Mapped[str] = mapped_column(String(64))
    element_id: Mapped[str] = mapped_column(String(200))
    action: Mapped[str | None] = mapped_column(String(64))
    due_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=5)
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    application: Mapped[Application] = relationship()
