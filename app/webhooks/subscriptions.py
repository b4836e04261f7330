"""A department system's subscriptions and its deliveries: the service behind the API's /webhooks endpoints and
the admin pages. Services flush; the request commits."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from app.extensions import db
from app.models import IntegratorClient, WebhookDelivery, WebhookSubscription
from app.services.errors import Conflict, InvalidData, NotAllowed, NotFound
from app.webhooks.delivery import redeliver
from app.webhooks.events import EVENTS
from app.webhooks.policy import receiver_policy
from app.webhooks.receivers import policy_problem
from app.webhooks.urls import url_problem

MAX_SUBSCRIPTIONS = 20


class ReceiverNotAllowed(NotAllowed):
    """A well-formed receiver URL the platform's policy does not allow (app/webhooks/receivers.py)."""

    code = "receiver_not_allowed"


def subscribe(client: IntegratorClient, url: object, events: object) -> WebhookSubscription:
    """A new subscription of ``client`` with a fresh signing secret (returned once, on creation)."""
    url = str(url or "").strip()
    if (problem := url_problem(url)) is not None:
        raise InvalidData(f"接收地址 {url}：{problem}", details={"url": [problem]})
    if (problem := policy_problem(url, receiver_policy())) is not None:  # the admin's allow-list, no internal IP
        raise ReceiverNotAllowed(problem, details={"url": [problem]})
    if not isinstance(events, list) or not events or not all(isinstance(e, str) for e in events):
        raise InvalidData("events 必须是事件名的列表", details={"events": [f"可选：{', '.join(EVENTS)}"]})
    unknown = sorted(set(events) - set(EVENTS))
    if unknown:
        problem = f"不认识的事件：{', '.join(unknown)}（可选：{', '.join(EVENTS)}）"
        raise InvalidData(problem, details={"events": [problem]})
    if len(subscriptions_of(client.id)) >= MAX_SUBSCRIPTIONS:
        raise Conflict(f"每个接入系统最多 {MAX_SUBSCRIPTIONS} 个订阅：请先删除不用的订阅")
    row = WebhookSubscription(
        client_id=client.id,
        url=url,
        events=" ".join(e for e in EVENTS if e in events),
        secret=secrets.token_hex(32),
    )
    db.session.add(row)
    db.session.flush()
    return row


def subscriptions_of(client_id: int) -> list[WebhookSubscription]:
    return list(
        db.session.scalars(
            select(WebhookSubscription)
            .where(WebhookSubscription.client_id == client_id, WebhookSubscription.active.is_(True))
            .order_by(WebhookSubscription.id)
        )
    )


def unsubscribe(client_id: int, subscription_id: int) -> WebhookSubscription:
    row = db.session.get(WebhookSubscription, subscription_id) if 0 < subscription_id < 2**31 else None
    if row is None or row.client_id != client_id or not row.active:
        raise NotFound("未找到该订阅")
    row.active = False
    db.session.flush()
    return row


def deliveries_of(client_id: int, *, before_id: int | None, limit: int) -> list[WebhookDelivery]:
    """The client's deliveries, newest first, from ``before_id`` on (keyset paging)."""
    stmt = (
        select(WebhookDelivery)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .where(WebhookSubscription.client_id == client_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        stmt = stmt.where(WebhookDelivery.id < before_id)
    return list(db.session.scalars(stmt))


def redeliver_for(client_id: int | None, delivery_id: int) -> WebhookDelivery:
    """Deliver again (``client_id`` None: the platform admin, any delivery)."""
    row = db.session.get(WebhookDelivery, delivery_id) if 0 < delivery_id < 2**31 else None
    owner = row.subscription.client_id if row is not None and row.subscription is not None else None
    if row is None or (client_id is not None and owner != client_id):
        raise NotFound("未找到该投递")
    redeliver(row)
    return row
