"""The worker's side of webhooks: claim due deliveries (several workers: FOR UPDATE SKIP LOCKED and a lease, as
jobs and messages are claimed), POST each signed, log every attempt, retry with backoff until a 2xx, and mark it
failed after the last attempt (an admin can deliver it again).

No transaction is open while the receiver is being called: the claim commits first, the outcome after.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import time
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import current_app

from app.extensions import db
from app.models import DeliveryState, WebhookAttempt, WebhookDelivery
from app.models.base import utcnow
from app.services.leased_claims import claim_due_row
from app.webhooks.policy import receiver_policy
from app.webhooks.receivers import ReceiverRefused, vetted_address
from app.webhooks.signing import EVENT_HEADER, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)


def claim_delivery(worker: str, now: datetime) -> int | None:
    """Claim one due delivery and commit the claim; its id, or None when nothing is due."""
    return claim_due_row(WebhookDelivery, DeliveryState.PENDING, DeliveryState.SENDING, worker, now, LEASE)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: WEBHOOK_RETRY_SECONDS doubled each time, capped."""
    first = float(current_app.config["WEBHOOK_RETRY_SECONDS"])
    cap = float(current_app.config["WEBHOOK_MAX_BACKOFF_SECONDS"])
    return timedelta(seconds=min(cap, first * 2 ** max(0, attempts - 1)))


def platform_secret() -> str:
    """The secret ``call_webhook`` deliveries to a URL nobody subscribed are signed with."""
    import hashlib
    import hmac

    configured = current_app.config.get("WEBHOOK_SIGNING_SECRET")
    if configured:
        return str(configured)
    return hmac.new(str(current_app.secret_key).encode(), b"yichuang-webhooks", hashlib.sha256).hexdigest()


def send_delivery(delivery_id: int, worker: str, now: datetime) -> str:
    """One attempt of a claimed delivery; returns its new state."""
    delivery = db.session.get(WebhookDelivery, delivery_id, populate_existing=True)
    if delivery is None or delivery.state != DeliveryState.SENDING or delivery.locked_by != worker:
        db.session.rollback()
        return delivery.state if delivery is not None else DeliveryState.DELIVERED
    secret = delivery.subscription.secret if delivery.subscription is not None else platform_secret()
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Yichuang-Webhooks/1",
        EVENT_HEADER: delivery.event,
        IDEMPOTENCY_HEADER: delivery.idempotency_key,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret, timestamp, body),
    }
    url = delivery.url
    db.session.commit()  # nothing held while the receiver answers
    started = time.perf_counter()
    status, error = _post(url, body, headers, float(current_app.config["WEBHOOK_TIMEOUT_SECONDS"]))
    took = int((time.perf_counter() - started) * 1000)
    return _record(delivery_id, worker, now, status, error, took)


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int | None, str | None]:
    """POST to the receiver at the address just checked (app/webhooks/receivers.py): the URL still allowed and its
    host resolved now to no internal address the admin has not allowed; the connection goes to that address (no
    second lookup) and a redirect is not followed (it is a failed attempt: the receiver's URL is what was allowed)."""
    try:
        address = vetted_address(url, receiver_policy())
    except ReceiverRefused as exc:
        return None, exc.message[:1000]
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname or "", port, timeout=timeout)  # the name: Host header, TLS name and certificate

    def connect_to_the_checked_address(_address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        return socket.create_connection((address, port), *args, **kwargs)

    connection._create_connection = connect_to_the_checked_address  # type: ignore[attr-defined]
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)
        status = response.status
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:1000]
    finally:
        connection.close()
    if 200 <= status < 300:
        return status, None
    return status, f"HTTP {status}" + ("（不跟随重定向）" if 300 <= status < 400 else "")


def _record(delivery_id: int, worker: str, now: datetime, status: int | None, error: str | None, took: int) -> str:
    delivery = db.session.get(WebhookDelivery, delivery_id, populate_existing=True)
    assert delivery is not None
    db.session.add(WebhookAttempt(delivery_id=delivery_id, at=utcnow(), status=status, error=error, duration_ms=took))
    delivery.last_status, delivery.last_error = status, error
    delivery.locked_by, delivery.locked_until = None, None
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at = DeliveryState.DELIVERED, utcnow()
    elif delivery.attempts < delivery.max_attempts:
        delivery.state, delivery.next_attempt_at = DeliveryState.PENDING, now + backoff(delivery.attempts)
    else:
        delivery.state = DeliveryState.FAILED
        log.warning("webhook delivery %s failed after %s attempts: %s", delivery_id, delivery.attempts, error)
    db.session.commit()
    return delivery.state


def deliver_due(worker: str, now: datetime | None = None, limit: int | None = None) -> int:
    """Attempt every due delivery once (or ``limit`` of them); returns how many were attempted."""
    count = 0
    while limit is None or count < limit:
        moment = now or utcnow()
        delivery_id = claim_delivery(worker, moment)
        if delivery_id is None:
            break
        state = send_delivery(delivery_id, worker, moment)
        log.info("webhook delivery %s -> %s", delivery_id, state)
        count += 1
    return count


def redeliver(delivery: WebhookDelivery) -> None:
    """Queue a delivery again now (an admin's "deliver again"), with a fresh set of attempts; its log stays."""
    delivery.state, delivery.next_attempt_at = DeliveryState.PENDING, utcnow()
    delivery.max_attempts = delivery.attempts + int(current_app.config["WEBHOOK_MAX_ATTEMPTS"])
    delivery.locked_by, delivery.locked_until = None, None
    db.session.flush()
