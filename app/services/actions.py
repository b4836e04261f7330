"""Platform actions that BPMN service tasks name (workflows.PLATFORM_ACTIONS); run by the worker, never by a request.

`notify` queues a message in the outbox (table `notification`), which the worker sends. `generate_document`
queues a document of the case (app/documents) that the worker renders as a job of its own. `call_webhook` queues a
webhook delivery (app/webhooks): signed, retried with backoff and logged like the events department systems
subscribe to.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from app.models import Application
from app.notifications.outbox import write_outbox

NOTIFY_CHANNELS = frozenset({"sms", "email"})


class ActionFailed(Exception):
    """The action could not be done; the worker retries it, and after the last attempt raises an incident."""


def notify(application: Application, params: dict[str, Any]) -> dict[str, Any]:
    channel = params.get("channel", "sms")
    if channel not in NOTIFY_CHANNELS:
        raise ActionFailed(f"notify: channel {channel!r} is not one of {sorted(NOTIFY_CHANNELS)}")
    recipient = str(params.get("recipient") or "").strip()
    if not recipient:
        raise ActionFailed("notify: no recipient")
    body = str(params.get("body", ""))
    message_id = write_outbox(channel=channel, recipient=recipient, body=body, application_id=application.id)
    return {"notification_id": message_id}


def generate_document(application: Application, params: dict[str, Any]) -> dict[str, Any]:
    from app.documents.issuing import KINDS, queue_document

    kind = str(params.get("kind") or params.get("template") or "")
    if kind not in KINDS:
        raise ActionFailed(f"generate_document: kind {kind!r} is not one of {sorted(KINDS)}")
    document = queue_document(application, kind)
    return {"document_id": document.id, "kind": kind, "verification_code": document.verification_code}


def call_webhook(application: Application, params: dict[str, Any]) -> dict[str, Any]:
    from app.webhooks.policy import receiver_policy
    from app.webhooks.queue import queue_call
    from app.webhooks.receivers import receiver_problem

    url = str(params.get("url") or "").strip()
    if not url:
        raise ActionFailed("call_webhook: no url")
    if (problem := receiver_problem(url, receiver_policy())) is not None:
        raise ActionFailed(f"call_webhook: {problem}")
    payload = json.loads(json.dumps(params.get("payload", {}), ensure_ascii=False, default=str))
    delivery = queue_call(application, url, payload)
    return {"delivery_id": delivery.id, "idempotency_key": delivery.idempotency_key}


ACTIONS: dict[str, Callable[[Application, dict[str, Any]], dict[str, Any]]] = {
    "notify": notify,
    "generate_document": generate_document,
    "call_webhook": call_webhook,
}


def run_action(application: Application, action: str, params: dict[str, Any]) -> dict[str, Any]:
    """Run one action inside the caller's transaction; raises ActionFailed (or anything) on failure."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise ActionFailed(f"unknown platform action {action!r}")
    return handler(application, params)
