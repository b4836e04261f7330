"""The receiver policy in force (app/webhooks/receivers.py), from the platform's configuration:
WEBHOOK_ALLOWED_RECEIVERS (host names and URL prefixes) and WEBHOOK_ALLOWED_NETWORKS (internal networks receivers
may resolve to). Read at each check, so a changed configuration applies to the next subscription and delivery."""

from __future__ import annotations

from flask import current_app

from app.webhooks.receivers import ReceiverPolicy


def receiver_policy() -> ReceiverPolicy:
    config = current_app.config
    return ReceiverPolicy.parse(
        config.get("WEBHOOK_ALLOWED_RECEIVERS") or "", config.get("WEBHOOK_ALLOWED_NETWORKS") or ""
    )
