"""Backends that deliver one outbox message: e-mail over SMTP (any server), SMS through a gateway class, and the
development backends that keep the message in the outbox for the admin page to show."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from importlib import import_module
from typing import Any, Protocol

from app.models import Notification


class DeliveryFailed(Exception):
    """The backend could not deliver the message now; the sender retries it later."""


class Backend(Protocol):
    def send(self, message: Notification) -> str:
        """Deliver ``message``; return a short note on where it went (kept in the outbox). Raise on failure."""
        ...


class SmsGateway(Backend, Protocol):
    """A real SMS gateway: ``SMS_BACKEND = "package.module:Class"``; built with the app's config."""

    def __init__(self, config: dict[str, Any]) -> None: ...


class OutboxSms:
    """Development: the SMS stays in the outbox (admin page 消息发件箱), nothing leaves the machine."""

    def __init__(self, config: dict[str, Any]) -> None:
        pass

    def send(self, message: Notification) -> str:
        return "outbox (development SMS backend)"


class OutboxEmail:
    """No MAIL_SERVER configured: the e-mail stays in the outbox."""

    def send(self, message: Notification) -> str:
        return "outbox (no MAIL_SERVER)"


class SmtpEmail:
    """E-mail through any SMTP server: plain, STARTTLS (MAIL_USE_TLS) or SMTPS (MAIL_USE_SSL), with optional login."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    def build(self, message: Notification) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = formataddr(("一窗政务服务", self.config["MAIL_FROM"]))
        mail["To"] = message.recipient
        mail["Subject"] = message.subject or "政务服务通知"
        mail["Message-ID"] = make_msgid(idstring=f"yc-{message.id}")
        mail.set_content(message.body)
        return mail

    def send(self, message: Notification) -> str:
        c = self.config
        factory = smtplib.SMTP_SSL if c["MAIL_USE_SSL"] else smtplib.SMTP
        try:
            with factory(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"]) as smtp:
                if c["MAIL_USE_TLS"]:
                    smtp.starttls(context=ssl.create_default_context())
                if c["MAIL_USERNAME"]:
                    smtp.login(c["MAIL_USERNAME"], c["MAIL_PASSWORD"])
                refused = smtp.send_message(self.build(message))
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"SMTP {c['MAIL_SERVER']}:{c['MAIL_PORT']}: {exc}") from exc
        if refused:
            raise DeliveryFailed(f"SMTP refused {refused}")
        return f"smtp {c['MAIL_SERVER']}:{c['MAIL_PORT']}"


def backend_for(channel: str, config: dict[str, Any]) -> Backend:
    if channel == "email":
        return SmtpEmail(config) if config.get("MAIL_SERVER") else OutboxEmail()
    if channel == "sms":
        module, _, name = str(config["SMS_BACKEND"]).partition(":")
        return getattr(import_module(module), name)(config)  # type: ignore[no-any-return]
    raise DeliveryFailed(f"no backend sends channel {channel!r}")
