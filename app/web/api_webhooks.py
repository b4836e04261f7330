"""The API's webhook endpoints: an integrator client subscribes, reads its delivery log and asks for a delivery
again. Only integrator clients have subscriptions (a person's token is refused)."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify

from app.domain.actors import Caller
from app.extensions import db
from app.models import IntegratorClient, WebhookDelivery, WebhookSubscription
from app.services.errors import NotAllowed
from app.web.api import bp
from app.web.api_parsing import iso_time, json_object, next_cursor, page_cursor, query_int
from app.webhooks import subscriptions


def _client() -> IntegratorClient:
    caller: Caller = g.api_user
    if caller.client is None:
        raise NotAllowed("只有接入系统（部门业务系统）的令牌可以订阅事件；请管理员在“接入系统”中建立")
    client = db.session.get(IntegratorClient, caller.client.id)
    assert client is not None
    return client


@bp.get("/webhooks")
def list_webhooks() -> Any:
    return jsonify(subscriptions=[subscription_json(s) for s in subscriptions.subscriptions_of(_client().id)])


@bp.post("/webhooks")
def subscribe() -> Any:
    body = json_object()
    row = subscriptions.subscribe(_client(), body.get("url"), body.get("events"))
    db.session.commit()
    return jsonify(subscription_json(row, with_secret=True)), 201


@bp.delete("/webhooks/<int:subscription_id>")
def unsubscribe(subscription_id: int) -> Any:
    row = subscriptions.unsubscribe(_client().id, subscription_id)
    db.session.commit()
    return jsonify(subscription_json(row))


@bp.get("/webhooks/deliveries")
def deliveries() -> Any:
    limit = query_int("limit", 50, 1, 200)
    rows = subscriptions.deliveries_of(_client().id, before_id=page_cursor(), limit=limit)
    return jsonify(deliveries=[delivery_json(d) for d in rows], next_cursor=next_cursor(rows, limit, lambda d: d.id))


@bp.post("/webhooks/deliveries/<int:delivery_id>/redeliver")
def redeliver(delivery_id: int) -> Any:
    row = subscriptions.redeliver_for(_client().id, delivery_id)
    db.session.commit()
    return jsonify(delivery_json(row))


def subscription_json(row: WebhookSubscription, *, with_secret: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": row.id,
        "url": row.url,
        "events": row.events.split(),
        "active": row.active,
        "created_at": iso_time(row.created_at),
    }
    if with_secret:  # shown once: the receiver checks X-Yichuang-Signature with it
        body["secret"] = row.secret
    return body


def delivery_json(row: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": row.id,
        "event": row.event,
        "url": row.url,
        "idempotency_key": row.idempotency_key,
        "state": row.state,
        "attempts": row.attempts,
        "last_status": row.last_status,
        "last_error": row.last_error,
        "created_at": iso_time(row.created_at),
        "next_attempt_at": iso_time(row.next_attempt_at) if row.state == "pending" else None,
        "delivered_at": iso_time(row.delivered_at),
        "payload": row.payload,
    }
