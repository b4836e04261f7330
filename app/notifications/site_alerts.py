"""Supervision alerts (app/services/alerts.py writes them as channel "site", to ``user:<username>``,
``dept:<code>`` or ``role:<role>``): the sending side hands each to the in-app inbox of every person it names."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Department, Notification, Role, User, UserRole
from app.notifications.outbox import write_outbox

SITE_CHANNEL = "site"


def people_named(recipient: str) -> list[User]:
    kind, _, name = recipient.partition(":")
    query = select(User).where(User.active.is_(True))
    if kind == "user":
        query = query.where(User.username == name)
    elif kind == "dept":
        query = (
            query.join(Department, Department.id == User.department_id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(Department.code == name, UserRole.role == Role.APPROVER.value)
        )
    elif kind == "role" and name in {r.value for r in Role}:
        query = query.join(UserRole, UserRole.user_id == User.id).where(UserRole.role == name)
    else:
        raise ValueError(f"站内信收件人 {recipient!r} 无法识别（应为 user:、dept: 或 role:）")
    return list(db.session.scalars(query).unique())


def deliver_site_alert(message: Notification) -> int:
    """Copy the alert into each named person's inbox (once: the copies carry the alert's id); how many."""
    delivered = 0
    for user in people_named(message.recipient):
        written = write_outbox(
            channel="inbox",
            recipient=user.display_name,
            subject=message.subject or "监察预警",
            body=message.body,
            event=message.event or "supervision_alert",
            application_id=message.application_id,
            user_id=user.id,
            dedupe_key=f"site:{message.id}:{user.id}",
        )
        delivered += written is not None
    return delivered
