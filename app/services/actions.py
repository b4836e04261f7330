"""Platform actions that BPMN service tasks name (workflows.PLATFORM_ACTIONS); run by the worker, never by a request.

`notify` queues a message in the outbox (table `notification`), which the worker sends. `generate_document`
queues a document of the case (app/documents) that the worker renders as a job of its own. `call_webhook` is
still a recorded stub in the outbox (channel "webhook"): no HTTP request is made yet.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from app.extensions import db
from app.models import Application, MessageState, Notification
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
    url = str(params.get("url") or "").strip()
    if not url:
        raise ActionFailed("call_webhook: no url")
    body = json.dumps(params.get("payload", {}), ensure_ascii=False, default=str)
    return {"outbox_id": _outbox(application, "webhook", url, body), "stub": True}


def _outbox(application: Application, channel: str, recipient: str, body: str) -> int:
    row = Notification(
        application_id=application.id,
        channel=channel,
        recipient=recipient[:200],
        body=body,
        state=MessageState.SENT,  # a record only: no backend sends it
    )
    db.session.add(row)
    db.session.flush()
    return row.id


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
