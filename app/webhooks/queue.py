"""Writing webhook deliveries: one row per event and subscribed receiver, in the step's own transaction (a step
that rolls back sends nothing; one that commits is delivered at least once by the worker, app/webhooks/delivery.py).

Most steps have no subscriber at all, so the active subscriptions are kept per process for a few seconds
(WEBHOOK_SUBSCRIPTION_CACHE_SECONDS) instead of being read on every step; a change made in this process empties
the cache at once, one made through another process is heard of within that time.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.domain.lifecycle import CaseStatus
from app.extensions import db
from app.models import Application, Department, HumanTask, IntegratorClient, WebhookDelivery, WebhookSubscription
from app.models.base import utcnow
from app.webhooks.events import CaseEvent, step_events

CACHE_KEY = "webhook_subscriptions"  # in app.extensions: (expires, [Receiver])


@dataclass(frozen=True)
class Receiver:
    subscription_id: int
    department: str
    url: str
    events: frozenset[str]


def _receivers() -> list[Receiver]:
    cached = current_app.extensions.get(CACHE_KEY)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    rows = db.session.execute(
        select(WebhookSubscription.id, Department.code, WebhookSubscription.url, WebhookSubscription.events)
        .join(IntegratorClient, IntegratorClient.id == WebhookSubscription.client_id)
        .join(Department, Department.id == IntegratorClient.department_id)
        .where(WebhookSubscription.active.is_(True), IntegratorClient.active.is_(True))
    ).all()
    receivers = [Receiver(row[0], row[1], row[2], frozenset(row[3].split())) for row in rows]
    ttl = float(current_app.config["WEBHOOK_SUBSCRIPTION_CACHE_SECONDS"])
    current_app.extensions[CACHE_KEY] = (time.monotonic() + ttl, receivers)
    return receivers


@event.listens_for(Session, "after_flush")
def _forget_receivers(session: Session, _context: Any) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, (WebhookSubscription, IntegratorClient)) for obj in changed) and has_app_context():
        current_app.extensions.pop(CACHE_KEY, None)


def queue_step_events(
    application: Application, before: CaseStatus, after: CaseStatus, created: list[Any], *, new_case: bool
) -> None:
    """Deliveries for the events of one case step (app/webhooks/events.py) to whoever subscribed to them."""
    receivers = _receivers()
    if not receivers:
        return
    item = application.item_version.item
    lanes: list[str] = []
    if after in (CaseStatus.ISSUED, CaseStatus.REJECTED):
        lanes = list(
            db.session.scalars(select(HumanTask.lane).where(HumanTask.application_id == application.id).distinct())
        )
    found = step_events(
        before=before,
        after=after,
        new_case=new_case,
        item_department=item.department.code,
        new_tasks=created,
        lanes_worked=lanes,
    )
    for case_event in found:
        for receiver in receivers:
            if receiver.department == case_event.department and case_event.event in receiver.events:
                _write(
                    application,
                    receiver.url,
                    receiver.subscription_id,
                    case_event.event,
                    _payload(application, case_event, after),
                )
    db.session.flush()


def _payload(application: Application, case_event: CaseEvent, status: CaseStatus) -> dict[str, Any]:
    # References only, never the case's data: the receiver reads the case through the API, where need-to-know and
    # per-department visibility apply.
    return {
        "event": case_event.event,
        "department": case_event.department,
        "case": {
            "tracking_number": application.tracking_number,
            "item": application.item_version.item.slug,
            "status": status.value,
            "outcome": application.outcome,
        },
        "task": case_event.task or None,
    }


def queue_call(application: Application, url: str, payload: Any) -> WebhookDelivery:
    """The BPMN ``call_webhook`` action: the same delivery, to a URL the model names. Signed with the secret of a
    subscription to that URL when there is one, else with the platform's webhook secret (app/webhooks/delivery)."""
    subscription_id = db.session.scalar(
        select(WebhookSubscription.id).where(WebhookSubscription.url == url, WebhookSubscription.active.is_(True))
    )
    row = _write(application, url, subscription_id, "call_webhook", {"event": "call_webhook", "payload": payload})
    db.session.flush()
    return row


def _write(
    application: Application | None, url: str, subscription_id: int | None, event_name: str, body: dict[str, Any]
) -> WebhookDelivery:
    key = uuid.uuid4().hex
    row = WebhookDelivery(
        subscription_id=subscription_id,
        application_id=application.id if application is not None else None,
        event=event_name,
        url=url,
        payload={"id": key, "occurred_at": utcnow().isoformat() + "Z", **body},
        idempotency_key=key,
        max_attempts=int(current_app.config["WEBHOOK_MAX_ATTEMPTS"]),
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    return row
