"""Platform actions that BPMN service tasks name (workflows.PLATFORM_ACTIONS); run by the worker, never by a request.

`notify` writes to the development outbox (table `notification`): SMS and e-mail land there until a gateway is
wired in. `generate_document` and `call_webhook` are recorded stubs in the same outbox for now (channel
"document" / "webhook"): no PDF is rendered and no HTTP request is made yet.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from app.extensions import db
from app.models import Application, Notification

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
    return {"notification_id": _outbox(application, channel, recipient, str(params.get("body", "")))}


def generate_document(application: Application, params: dict[str, Any]) -> dict[str, Any]:
    template = str(params.get("template") or "document")
    body = json.dumps({"template": template, "tracking_number": application.tracking_number}, ensure_ascii=False)
    return {"document": template, "outbox_id": _outbox(application, "document", template, body), "stub": True}


def call_webhook(application: Application, params: dict[str, Any]) -> dict[str, Any]:
    url = str(params.get("url") or "").strip()
    if not url:
        raise ActionFailed("call_webhook: no url")
    body = json.dumps(params.get("payload", {}), ensure_ascii=False, default=str)
    return {"outbox_id": _outbox(application, "webhook", url, body), "stub": True}


def _outbox(application: Application, channel: str, recipient: str, body: str) -> int:
    row = Notification(application_id=application.id, channel=channel, recipient=recipient[:200], body=body)
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
