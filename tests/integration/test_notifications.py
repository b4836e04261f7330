"""Every notification event lands in the outbox once and is sent once with two workers running (PostgreSQL), by
SMS (development backend), e-mail (a real SMTP conversation with a server on 127.0.0.1) and the in-app inbox."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.extensions import db
from app.models.base import utcnow
from tests.integration.drive import (
    MAIL,
    WINDOW_ACCEPT,
    WINDOW_DECLINE,
    WINDOW_SUPPLEMENT,
    WSJK_DECIDE,
    WSJK_REVIEW,
    step,
    submit,
    user,
)
from tests.integration.paper import AREA_FEE, republish_with

CITIZEN_EVENTS = [
    "submitted",
    "accepted",
    "fee_assessed",
    "department_decided",
    "result_ready",
    "result_mailed",
    "rating_invited",
    "supplement_requested",
    "declined",
]


class Mailbox:
    """An SMTP server's handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            self.messages.append(envelope.content)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, mailbox
    finally:
        controller.stop()


def subject_of(raw: bytes) -> str:
    return str(make_header(decode_header(message_from_bytes(raw)["Subject"])))


def drive_every_event() -> dict[str, int]:
    """Cases that between them pass every citizen event, and staff events for the approvers."""
    from app.fees.service import record_payment
    from app.models import Application

    citizen = user("citizen")
    citizen.email = "citizen@example.org"
    db.session.commit()
    republish_with("promised", fee=AREA_FEE)
    done, returned, declined = submit("promised"), submit("promised"), submit("promised")
    step(done, "window_review", "window", WINDOW_ACCEPT)
    step(done, "wsjk_review", "wsjk", WSJK_REVIEW)
    step(done, "wsjk_decide", "wsjk", WSJK_DECIDE)
    record_payment(db.session.get(Application, done), user("window"), method="cash", amount="1630.25")
    db.session.commit()
    step(done, "output_issue", "window", MAIL)
    step(returned, "window_review", "window", WINDOW_SUPPLEMENT)
    step(declined, "window_review", "window", WINDOW_DECLINE)
    return {"done": done, "returned": returned, "declined": declined}


def send_with_two_workers(app) -> list[int]:
    from app.notifications.sending import send_due_messages

    start, counts = threading.Barrier(2), []

    def work(name: str) -> None:
        with app.app_context():
            try:
                start.wait()
                counts.append(send_due_messages(name))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts


@pytest.mark.postgres
def test_each_event_lands_once_and_is_sent_once_by_two_workers(pg_demo, smtp_server):
    from app.models import Notification

    controller, mailbox = smtp_server
    pg_demo.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    with pg_demo.app_context():
        cases = drive_every_event()
        rows = db.session.scalars(select(Notification).order_by(Notification.id)).all()
        db.session.expunge_all()

    citizen_rows = [r for r in rows if r.application_id in cases.values() and r.channel in ("sms", "email", "inbox")]
    per_event = Counter((r.event, r.channel) for r in citizen_rows if r.user_id and r.event in CITIZEN_EVENTS)
    for event in CITIZEN_EVENTS:
        for channel in ("sms", "email", "inbox"):
            expected = 2 if event == "department_decided" else 1  # wsjk's review and its decision
            if event == "submitted":
                expected = 3  # three cases were submitted
            assert per_event[(event, channel)] == expected, (event, channel, per_event)
    assert sum(1 for r in rows if r.event == "task_assigned") >= 2  # wsjk's two steps, to its approvers' inboxes
    assert len({r.dedupe_key for r in rows if r.dedupe_key}) == sum(1 for r in rows if r.dedupe_key)

    counts = send_with_two_workers(pg_demo)
    to_send = [r for r in rows if r.channel in ("sms", "email")]
    assert sum(counts) == len(to_send)
    with pg_demo.app_context():
        after = db.session.scalars(select(Notification).where(Notification.channel.in_(("sms", "email")))).all()
        assert {(r.state, r.attempts) for r in after} == {("sent", 1)}
    emails = [r for r in to_send if r.channel == "email"]
    assert len(mailbox.messages) == len(emails)  # each e-mail once, though two workers ran
    subjects = Counter(subject_of(raw) for raw in mailbox.messages)
    assert subjects == Counter(r.subject for r in emails)
    assert any("已受理" in s for s in subjects) and any("不予受理" in s for s in subjects)
    raw = next(m for m in mailbox.messages if "请补正" in subject_of(m))
    assert "请补交营业执照复印件" in message_from_bytes(raw).get_payload(decode=True).decode("utf-8")


def test_a_message_is_retried_with_backoff_then_shown_as_failed(demo, client, login):
    from app.models import Notification
    from app.notifications.outbox import write_outbox
    from app.notifications.sending import send_due_messages

    demo.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)  # nobody listens there
    with demo.app_context():
        message_id = write_outbox(channel="email", recipient="someone@example.org", subject="测试", body="正文")
        db.session.commit()
        now = utcnow()
        assert send_due_messages("w1", now=now) == 1
        message = db.session.get(Notification, message_id)
        assert message.state == "queued" and message.attempts == 1 and "SMTP" in message.last_error
        assert message.next_attempt_at >= now + timedelta(seconds=29)
        assert send_due_messages("w1", now=now) == 0  # not before its next attempt
        for attempt in range(2, 7):
            now += timedelta(hours=attempt)
            send_due_messages("w1", now=now)
        db.session.refresh(message)
        assert (message.state, message.attempts) == ("failed", 6)
    login(client, "admin")
    page = client.get("/admin/outbox/?flt1_0=failed").get_data(as_text=True)
    assert "发送失败" in page and "someone@example.org" in page


def test_writing_the_same_message_twice_queues_it_once(demo):
    from app.models import Notification
    from app.notifications.outbox import write_outbox

    with demo.app_context():
        first = write_outbox(channel="sms", recipient="13800000000", body="一", dedupe_key="alert:1")
        second = write_outbox(channel="sms", recipient="13800000000", body="一", dedupe_key="alert:1")
        db.session.commit()
        assert first is not None and second is None
        assert len(db.session.scalars(select(Notification)).all()) == 1


def test_an_admin_template_rewords_the_event_in_each_language(demo):
    from app.models import NotificationTemplate
    from app.notifications.wording import render

    with demo.app_context():
        context = {
            "centre": "明湖区政务服务中心",
            "item": "户外广告",
            "tracking_number": "YC1",
            "due_date": "2026-12-09",
        }
        assert "已受理" in render("accepted", "sms", "zh_CN", context).body
        assert "accepted" in render("accepted", "sms", "en", context).body
        db.session.add(
            NotificationTemplate(
                event="accepted", channel="all", locale="zh_CN", subject="受理", body="{{ item }} 受理了"
            )
        )
        db.session.commit()
        assert render("accepted", "sms", "zh_CN", context).body == "户外广告 受理了"
        assert "accepted" in render("accepted", "sms", "en", context).body


def test_a_supervision_alert_reaches_the_inboxes_it_names(demo):
    from app.models import Notification
    from app.notifications.sending import send_due_messages
    from app.services.alerts import queue_alert

    with demo.app_context():
        queue_alert("dept:wsjk", "YC1「卫健委审查」今日到期（黄灯）")
        queue_alert("user:supervisor", "YC1「卫健委审查」已超期（红灯）")
        db.session.commit()
        send_due_messages("w1")
        inbox = db.session.scalars(select(Notification).where(Notification.channel == "inbox")).all()
        assert sorted((m.user.username, m.body) for m in inbox) == [
            ("supervisor", "YC1「卫健委审查」已超期（红灯）"),
            ("wsjk", "YC1「卫健委审查」今日到期（黄灯）"),
        ]
