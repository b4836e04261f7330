"""The worker's side of the outbox: claim due messages (several workers: FOR UPDATE SKIP LOCKED and a lease, as
jobs are claimed), send each through its backend, retry with backoff, and mark it failed after the last attempt
(the admin outbox page lists failures)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update

from app.extensions import db
from app.models import MessageState, Notification
from app.models.base import utcnow
from app.notifications.backends import backend_for
from app.notifications.site_alerts import SITE_CHANNEL, deliver_site_alert
from app.services.leased_claims import claim_due_row

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
RETRY_BACKOFF = timedelta(seconds=30)  # doubled after each failed attempt


def claim_message(worker: str, now: datetime) -> int | None:
    """Claim one due message and commit the claim; its id, or None when nothing is due."""
    return claim_due_row(Notification, MessageState.QUEUED, MessageState.SENDING, worker, now, LEASE)


def send_message(message_id: int, worker: str, now: datetime) -> str:
    """Send one claimed message and commit its new state."""
    message = db.session.get(Notification, message_id, populate_existing=True)
    if message is None or message.state != MessageState.SENDING or message.locked_by != worker:
        db.session.rollback()
        return message.state if message else MessageState.SENT
    try:
        if message.channel == SITE_CHANNEL:
            deliver_site_alert(message)
        else:
            backend_for(message.channel, current_app.config).send(message)
    except Exception as exc:  # noqa: BLE001 - any failure of a backend is a retry, then a visible failure
        message.last_error = f"{type(exc).__name__}: {exc}"[:4000]
        message.locked_by, message.locked_until = None, None
        if message.attempts < message.max_attempts:
            message.state = MessageState.QUEUED
            message.next_attempt_at = now + RETRY_BACKOFF * (2 ** (message.attempts - 1))
        else:
            message.state = MessageState.FAILED
        log.warning("message %s (%s) not sent: %s", message.id, message.channel, message.last_error)
    else:
        message.state, message.sent_at = MessageState.SENT, utcnow()
        message.locked_by, message.locked_until = None, None
        message.last_error = None
    db.session.commit()
    return message.state


def send_due_messages(worker: str, now: datetime | None = None, limit: int | None = None) -> int:
    """Send due messages until none is left (or ``limit``); returns how many were tried."""
    count = 0
    while limit is None or count < limit:
        at = now or utcnow()
        message_id = claim_message(worker, at)
        if message_id is None:
            break
        send_message(message_id, worker, at)
        count += 1
    return count


def retry_failed(ids: list[int]) -> int:
    """An admin sends failed messages again: queued now, attempts counted afresh."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.state == MessageState.FAILED)
        .values(state=MessageState.QUEUED, attempts=0, next_attempt_at=utcnow(), last_error=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
