"""The outbox: every message to a person (SMS, e-mail, the citizen's in-app inbox) is a row here first, written in
the transaction of the step it tells about; the worker sends it (app/notifications/sending.py). Admin-edited
message templates per event, channel and language live beside it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.people import User


class MessageState:
    QUEUED = "queued"  # waiting for a worker (or for its next attempt)
    SENDING = "sending"  # claimed by a worker (a lease: locked_until)
    SENT = "sent"
    FAILED = "failed"  # gave up after max attempts: the admin outbox page shows it


class Notification(Base):
    """One message to one recipient over one channel."""

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_due", "state", "next_attempt_at"),
        Index("ix_notification_inbox", "user_id", "channel", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    event: Mapped[str | None] = mapped_column(String(48))
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8), default="zh_CN")
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # Writing the same message twice (a retried job, two workers sweeping the same due step) inserts nothing.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    state: Mapped[str] = mapped_column(String(16), default=MessageState.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=6)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]  # in-app inbox only

    user: Mapped[User | None] = relationship()


class NotificationTemplate(Base):
    """An admin's wording of one event for one channel and language; the built-in wording applies where none."""

    __tablename__ = "notification_template"
    __table_args__ = (UniqueConstraint("event", "channel", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(48))
    channel: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
