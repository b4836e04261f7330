"""Ratings of finished cases (好差评) with their follow-ups, and complaints (投诉)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, JsonDoc, utcnow
from app.models.cases import Application
from app.models.centres import Centre
from app.models.people import Department, User


class Rating(Base):
    """One rating of a finished case (1–5); a bad one (1–2) opens a follow-up its department answers in time."""

    __tablename__ = "rating"
    __table_args__ = (
        Index("ix_rating_follow_up_open", "follow_up_department_id", "follow_up_due"),
        Index("ix_rating_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), unique=True)
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    channel: Mapped[str] = mapped_column(String(16))  # online / window / device / invitation
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The follow-up of a bad rating (差评整改): the department, its deadline, its answer, the applicant's word.
    follow_up_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    follow_up_due: Mapped[date | None]
    follow_up_answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime | None]
    resolved: Mapped[bool | None]  # the applicant's verdict on the answer
    resolved_note: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application] = relationship()
    follow_up_department: Mapped[Department | None] = relationship()
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])


class Complaint(Base):
    """A complaint about a case, a window or a clerk, from anyone; supervisors assign and close it."""

    __tablename__ = "complaint"
    __table_args__ = (
        Index("ix_complaint_status_deadline", "status", "deadline"),
        # Supervision splits complaints by centre, and a centre's supervisor sees only their centres' complaints.
        Index("ix_complaint_centre_created", "centre_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    about: Mapped[str] = mapped_column(String(8))  # case / window / clerk
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id", ondelete="SET NULL"))
    window_name: Mapped[str | None] = mapped_column(String(100))
    clerk_name: Mapped[str | None] = mapped_column(String(100))
    # The centre it is about: the case's accepting centre, or the centre of the window or clerk complained about.
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centre.id", ondelete="SET NULL"))
    complainant_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    complainant_name: Mapped[str] = mapped_column(String(100))
    complainant_phone: Mapped[str | None] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="received")  # received / assigned / answered / closed
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    deadline: Mapped[date | None]
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closing_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)

    application: Mapped[Application | None] = relationship()
    department: Mapped[Department | None] = relationship()
    centre: Mapped[Centre | None] = relationship()
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
