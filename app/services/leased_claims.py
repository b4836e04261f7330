"""Claim one due row of a worker's queue under a lease: the outbox's messages and the webhooks' deliveries.

A row is due when it waits and its time has come, or when another worker's lease on it ran out (that worker died
mid-send). On PostgreSQL the candidates are read with SKIP LOCKED; everywhere the claim itself is a conditional
UPDATE, so two workers never take the same row.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update

from app.extensions import db

CLAIM_BATCH = 20


def claim_due_row(model: Any, waiting: Any, sending: Any, worker: str, now: datetime, lease: timedelta) -> int | None:
    """Claim one due row of ``model`` (state ``waiting`` → ``sending``) and commit the claim; its id, or None."""
    claimable = or_(
        (model.state == waiting) & (model.next_attempt_at <= now),
        (model.state == sending) & (model.locked_until < now),
    )
    candidates = select(model.id).where(claimable).order_by(model.next_attempt_at, model.id).limit(CLAIM_BATCH)
    if db.session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    for row_id in db.session.scalars(candidates).all():
        claimed = db.session.execute(
            update(model)
            .where(model.id == row_id, claimable)
            .values(state=sending, locked_by=worker, locked_until=now + lease, attempts=model.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            db.session.commit()
            return row_id
    db.session.commit()
    return None
