"""Supervision alerts (电子监察预警) into the notification outbox: the one function this module writes them with.

Recipients are named the way the outbox's sending side resolves them: ``user:<username>``, ``dept:<code>`` (the
department's head and queue), ``role:supervisor``.
"""

from __future__ import annotations

from app.extensions import db
from app.models import Notification

CHANNEL = "site"  # 站内信: shown in the outbox page; SMS and e-mail copies are the sending side's business


def queue_alert(recipient: str, body: str, application_id: int | None = None) -> None:
    db.session.add(Notification(application_id=application_id, channel=CHANNEL, recipient=recipient, body=body))
