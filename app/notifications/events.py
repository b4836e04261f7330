"""An event to a person: worded per channel and language, written to the outbox once per channel."""

from __future__ import annotations

from typing import Any

from flask import current_app

from app.domain.placeholders import lookup
from app.models import Application, User
from app.notifications.outbox import outbox_row, write_outbox_rows
from app.notifications.wording import EVENTS, render

# Where forms keep the applicant's contact (the demo's forms use applicant.mobile); the profile comes after.
MOBILE_PATHS = ("applicant.mobile", "applicant.phone", "contact.mobile", "mobile", "phone")
EMAIL_PATHS = ("applicant.email", "contact.email", "email")


def _first(data: dict[str, Any], paths: tuple[str, ...]) -> str | None:
    for path in paths:
        value = lookup(data, path)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def applicant_contacts(application: Application) -> dict[str, str]:
    """channel -> address: the case's own contact first (what they typed for this application), then profile."""
    data, user = application.data or {}, application.applicant
    contacts = {}
    mobile = _first(data, MOBILE_PATHS) or (user.phone if user else None)
    email = _first(data, EMAIL_PATHS) or (user.email if user else None)
    if mobile:
        contacts["sms"] = mobile
    if email:
        contacts["email"] = email
    return contacts


def base_context(application: Application) -> dict[str, Any]:
    item = application.item_version.item
    return {
        # The case's own centre: where the applicant goes to collect the result (全区通办, 代收代办).
        "centre": application.centre.name if application.centre_id is not None else current_app.config["CENTRE_NAME"],
        "item": item.name,
        "tracking_number": application.tracking_number or "",
        "due_date": application.due_date.isoformat() if application.due_date else "",
        "url": current_app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/my/applications/{application.tracking_number}",
    }


def notify_applicant(application: Application, event: str, marker: object, **values: Any) -> int:
    """Tell the applicant about ``event`` by SMS, e-mail (where known) and the in-app inbox; ``marker`` tells
    this occurrence from another of the same event (a second supplement request), so a retry writes nothing new.
    Returns how many messages were queued."""
    if EVENTS[event][0] != "applicant":
        raise ValueError(f"{event} is not an event for applicants")
    user = application.applicant
    context = {**base_context(application), **values}
    locale = (user.locale if user else None) or "zh_CN"
    targets = [(channel, address) for channel, address in applicant_contacts(application).items()]
    if user is not None:
        targets.append(("inbox", user.display_name))
    rows = []
    for channel, address in targets:
        text = render(event, channel, locale, context)
        rows.append(
            outbox_row(
                channel=channel,
                recipient=address,
                subject=text.subject,
                body=text.body,
                event=event,
                application_id=application.id,
                user_id=user.id if user else None,
                locale=locale,
                dedupe_key=f"{event}:{application.id}:{marker}:{channel}",
            )
        )
    return write_outbox_rows(rows)


def notify_user(
    user: User,
    event: str,
    *,
    dedupe_key: str,
    application: Application | None = None,
    channels: tuple[str, ...] = ("inbox", "sms", "email"),
    **values: Any,
) -> int:
    """Tell a member of staff (or anyone with an account) about ``event`` in each of ``channels`` they have.

    ``dedupe_key`` names this occurrence (e.g. ``f"due-soon:{task.id}:{task.due_date}"``): writing it again, from a
    retry or from a second worker, queues nothing. Returns how many messages were queued."""
    context = {"centre": current_app.config["CENTRE_NAME"], **(base_context(application) if application else {})}
    context.update(values)
    locale = user.locale or "zh_CN"
    addresses = {"inbox": user.display_name, "sms": user.phone, "email": user.email}
    rows = []
    for channel in channels:
        address = addresses.get(channel)
        if not address:
            continue
        text = render(event, channel, locale, context)
        rows.append(
            outbox_row(
                channel=channel,
                recipient=address,
                subject=text.subject,
                body=text.body,
                event=event,
                application_id=application.id if application else None,
                user_id=user.id,
                locale=locale,
                dedupe_key=f"{dedupe_key}:{user.id}:{channel}",
            )
        )
    return write_outbox_rows(rows)
