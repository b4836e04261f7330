"""The audit trail: every state change of a case, with who (and in which role), when, what and from where.

Append-only and tamper-evident: each event carries the hash of the event before it in its case's chain
(app/domain/audit_chain.py); on PostgreSQL a trigger (migration 0011) refuses UPDATE and DELETE of audit rows
to every role, the app's included, and `flask audit verify` names the first broken link.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import has_request_context, request
from sqlalchemy import func, insert, select, text

from app.domain.actors import Actor
from app.domain.audit_chain import GENESIS, BrokenLink, as_stored, event_hash, first_broken_link
from app.extensions import db
from app.models import Application, AuditEvent
from app.models.base import utcnow

# pg_advisory_xact_lock(AUDIT_LOCK, chain): writers of one chain queue up until the first commits, so two
# transactions never both read the same last hash. Case steps already hold their case's row lock; the
# advisory lock also covers events written without it (a submit, an admin's retry, the system chain).
AUDIT_LOCK = 0x59430A

_LAST_HASH = (
    select(AuditEvent.hash)
    .where(AuditEvent.application_id == db.bindparam("application_id"))
    .order_by(AuditEvent.id.desc())
    .limit(1)
)
_LAST_SYSTEM_HASH = select(AuditEvent.hash).where(AuditEvent.application_id.is_(None)).order_by(AuditEvent.id.desc())
_LAST_SYSTEM_HASH = _LAST_SYSTEM_HASH.limit(1)
_INSERT_EVENT = insert(AuditEvent.__table__)


def record_event(
    action: str,
    *,
    actor: Actor | None,
    application: Application | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
    note: str | None = None,
    new_case: bool = False,
) -> None:
    """Write one event now, in the request's transaction (it commits or rolls back with the change it records).

    ``new_case``: ``application`` was inserted by this transaction and this is its first event, so its chain starts
    here: no other transaction can write to it (the foreign key waits for the case to commit), and there is no
    last hash to lock and read."""
    if application is not None and application.id is None:
        db.session.flush()  # a case created in this transaction gets its id
    application_id = application.id if application else None
    connection = db.session.connection()
    row: dict[str, Any] = {
        "action": action,
        "actor_id": actor.id if actor else None,
        "actor_name": actor.display_name if actor else "系统",
        "actor_role": _roles(actor),
        "origin": _origin(),
        "application_id": application_id,
        "at": utcnow(),
        "before": as_stored(before),
        "after": as_stored(after),
        "detail": as_stored(detail),
        "note": note,
    }
    row["prev_hash"] = GENESIS if new_case and application_id is not None else _last_hash(connection, application_id)
    row["hash"] = event_hash(row["prev_hash"], row)
    # Core on the session's connection: an event is only ever inserted, so the ORM's unit of work would be
    # pure overhead on every step of every case.
    connection.execute(_INSERT_EVENT, row)


def _last_hash(connection: Any, application_id: int | None) -> str:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k, :c)"), {"k": AUDIT_LOCK, "c": application_id or 0})
    if application_id is None:
        last = connection.execute(_LAST_SYSTEM_HASH).scalar()
    else:
        last = connection.execute(_LAST_HASH, {"application_id": application_id}).scalar()
    return last or GENESIS


def _roles(actor: Actor | None) -> str | None:
    roles = getattr(actor, "roles", None)
    return ",".join(sorted(str(r) for r in roles))[:64] if roles else None


def _origin() -> str | None:
    if not has_request_context():
        return "worker"
    return (request.remote_addr or "")[:64] or None


def trail_of(application: Application) -> list[AuditEvent]:
    """A case's audit trail in the order it happened (its timeline on the applicant's and the staff's pages)."""
    stmt = select(AuditEvent).where(AuditEvent.application_id == application.id).order_by(AuditEvent.at, AuditEvent.id)
    return list(db.session.scalars(stmt))


def chain_events(batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every event in chain order (case, then id), as plain dicts, streamed."""
    columns = [AuditEvent.__table__.c[name] for name in ("id", "prev_hash", "hash", *_hashed_columns())]
    stmt = select(*columns).order_by(AuditEvent.application_id.asc().nulls_first(), AuditEvent.id)
    result = db.session.execute(stmt.execution_options(yield_per=batch))
    for row in result.mappings():
        yield dict(row)


def _hashed_columns() -> tuple[str, ...]:
    from app.domain.audit_chain import HASHED_FIELDS

    return HASHED_FIELDS


def verify_chain() -> tuple[int, BrokenLink | None]:
    """(events checked, the first broken link or None)."""
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for event in chain_events():
            count += 1
            yield event

    broken = first_broken_link(counted())
    return count, broken


def event_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0
