"""The in-app inbox (站内信): a person's messages of channel "inbox", newest first."""

from __future__ import annotations

from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Notification
from app.models.base import utcnow


def inbox_of(user_id: int, limit: int = 100) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id, Notification.channel == "inbox")
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(user_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count()).where(
                Notification.user_id == user_id, Notification.channel == "inbox", Notification.read_at.is_(None)
            )
        )
        or 0
    )


def mark_inbox_read(user_id: int) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.channel == "inbox", Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
