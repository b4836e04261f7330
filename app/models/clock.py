"""The working-day calendar (special dates, confirmed years), the clock's pauses, and the sweep's bookmark."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.people import User


class CalendarDay(Base):
    """A date that is not what Monday–Friday says: a holiday (休) or a make-up working day (班, 调休)."""

    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(primary_key=True)
    is_workday: Mapped[bool]
    name: Mapped[str] = mapped_column(String(50), default="")
    source: Mapped[str] = mapped_column(String(40))  # "chinese-calendar 1.11.0" or "admin"
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    changed_by: Mapped[User | None] = relationship()


class CalendarYear(Base):
    """A year whose arrangement someone confirmed: only then do its dates count (else Monday–Friday)."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(40))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)

    confirmed_by: Mapped[User | None] = relationship()


class ClockState(Base):
    """One row: the calendar's revision (bumped by every change) and what the worker's sweep last did, so
    several workers recompute due dates once per change and lights once per day."""

    __tablename__ = "clock_state"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    calendar_revision: Mapped[int] = mapped_column(default=0)
    recomputed_revision: Mapped[int] = mapped_column(default=0)
    lights_on: Mapped[date | None]


class ClockPause(Base):
    """The clock of a case (and of its open steps) stands still: waiting for a supplement, or an excluded
    period (特别程序) an approver declared on a step with a reason and an expected length."""

    __tablename__ = "clock_pause"
    __table_args__ = (
        Index("ix_clock_pause_application", "application_id", "started_on"),
        Index("ix_clock_pause_kind_started", "kind", "started_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("human_task.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    expected_days: Mapped[int | None]
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    declared_by: Mapped[User | None] = relationship()
