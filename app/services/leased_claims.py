"""Claim one due row of a worker's queue under a lease: the jobs (timers, service calls, documents), the outbox's
messages and the webhooks' deliveries.

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


def claim_due_row(
    model: Any,
    waiting: Any,
    sending: Any,
    worker: str,
    now: datetime,
    lease: timedelta,
    *,
    due: Any = None,
    only: Any = None,
) -> int | None:
    """Claim one due row of ``model`` (state ``waiting`` → ``sending``) and commit the claim; its id, or None.

    ``due``: the column that says when a waiting row is due (``model.next_attempt_at`` unless given);
    ``only``: a further condition on the rows this worker takes (e.g. some job kinds only)."""
    due = model.next_attempt_at if due is None else due
    claimable = or_((model.state == waiting) & (due <= now), (model.state == sending) & (model.locked_until < now))
    if only is not None:
        claimable = claimable & only
    candidates = select(model.id).where(claimable).order_by(due, model.id).limit(CLAIM_BATCH)
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
