"""Writing the outbox, in the caller's transaction, once per message (a dedupe key written again queues nothing)."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from app.extensions import db
from app.models import MessageState, Notification
from app.models.base import utcnow
from app.services.upserts import conflict_insert

CHANNELS = frozenset({"sms", "email", "inbox"})


@cache
def _insert_once(dialect: str) -> Any:
    stmt = conflict_insert(dialect, Notification, "the outbox")
    return stmt.on_conflict_do_nothing(index_elements=[Notification.dedupe_key]).returning(Notification.id)


def outbox_row(
    *,
    channel: str,
    recipient: str,
    body: str,
    subject: str | None = None,
    event: str | None = None,
    application_id: int | None = None,
    user_id: int | None = None,
    locale: str = "zh_CN",
    dedupe_key: str | None = None,
    send_at: datetime | None = None,
) -> dict[str, Any]:
    """One message as the outbox stores it (what the arguments mean: :func:`write_outbox`)."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; one of {sorted(CHANNELS)}")
    now = utcnow()
    return {
        "application_id": application_id,
        "user_id": user_id,
        "event": event,
        "channel": channel,
        "recipient": (recipient or "")[:200],
        "locale": locale,
        "subject": subject[:200] if subject else None,
        "body": body,
        "dedupe_key": dedupe_key[:200] if dedupe_key else None,
        # The inbox is the delivery: nothing is left to send.
        "state": MessageState.SENT if channel == "inbox" else MessageState.QUEUED,
        "attempts": 0,
        "max_attempts": 6,
        "next_attempt_at": send_at or now,
        "created_at": now,
        "sent_at": now if channel == "inbox" else None,
    }


def write_outbox(
    *,
    channel: str,
    recipient: str,
    body: str,
    subject: str | None = None,
    event: str | None = None,
    application_id: int | None = None,
    user_id: int | None = None,
    locale: str = "zh_CN",
    dedupe_key: str | None = None,
    send_at: datetime | None = None,
) -> int | None:
    """Queue one message for the worker to send; its id, or None when ``dedupe_key`` was already written.

    ``channel``: ``sms`` (recipient a mobile number), ``email`` (an address) or ``inbox`` (the in-app inbox of
    ``user_id``; recipient is only a label). ``dedupe_key`` makes the write idempotent across retries and
    several workers: e.g. ``f"due-soon:{task_id}:{due_date}:{user_id}:sms"``. The row commits or rolls back with
    the caller's transaction, so a message never tells about a step that did not happen.
    """
    row = outbox_row(
        channel=channel,
        recipient=recipient,
        body=body,
        subject=subject,
        event=event,
        application_id=application_id,
        user_id=user_id,
        locale=locale,
        dedupe_key=dedupe_key,
        send_at=send_at,
    )
    if dedupe_key is None:
        message = Notification(**row)
        db.session.add(message)
        db.session.flush()
        return message.id
    dialect = db.session.get_bind().dialect.name
    return db.session.scalar(_insert_once(dialect), [row])


def write_outbox_rows(rows: list[dict[str, Any]]) -> int:
    """Queue several messages of :func:`outbox_row`, each with a ``dedupe_key``, in one statement; how many were
    new (a key already written queues nothing, as in :func:`write_outbox`)."""
    if not rows:
        return 0
    if any(row["dedupe_key"] is None for row in rows):
        raise ValueError("write_outbox_rows needs a dedupe_key on every message")
    # Core on the session's connection: one INSERT … VALUES (…), (…) for all of them, where the ORM's bulk path
    # sent one statement per row.
    connection = db.session.connection()
    return len(connection.execute(_insert_rows(connection.dialect.name), rows).all())


@cache
def _insert_rows(dialect: str) -> Any:
    stmt = conflict_insert(dialect, Notification.__table__, "the outbox")
    return stmt.on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(Notification.__table__.c.id)
