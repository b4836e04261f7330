"""Appointments (预约): booked on working days only, confirmed and reminded through the outbox, checked in at the
booked centre's window; a missed slot counts as a no-show; a cancelled booking frees its place and is not
reminded."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select

from tests.factories import csrf_token

MONDAY_0900 = datetime(2026, 9, 28, 1, 0)  # UTC: 09:00 in the hall; Thursday 1 October is National Day


def _pension_slug(app) -> str:  # type: ignore[no-untyped-def]
    from app.extensions import db
    from app.models import ServiceItem

    with app.app_context():
        return db.session.scalar(select(ServiceItem.slug).where(ServiceItem.code == "11440199007495173F4442120003"))


def _seed_calendar(app) -> None:  # type: ignore[no-untyped-def]
    from app.extensions import db
    from app.services.work_calendar import seed_from_package

    with app.app_context():
        seed_from_package()
        db.session.commit()


def _book(client, slug: str, centre: str, day: str, slot: str, phone: str = "13800138000"):  # type: ignore[no-untyped-def]
    url = f"/items/{slug}/book?centre={centre}&day={day}"
    data = {"csrf_token": csrf_token(client, url), "centre": centre, "day": day, "slot": slot}
    return client.post(f"/items/{slug}/book", data=data | {"name": "张三", "phone": phone})


def _messages(app, event: str):  # type: ignore[no-untyped-def]
    from app.extensions import db
    from app.models import Notification

    with app.app_context():
        rows = db.session.scalars(select(Notification).where(Notification.event == event).order_by(Notification.id))
        return [(m.channel, m.recipient, m.state, m.next_attempt_at, m.body) for m in rows]


def test_a_booking_is_made_reminded_and_checked_in_at_the_window(demo, client, login):
    _seed_calendar(demo)
    demo.config["CLOCK_NOW"] = lambda: MONDAY_0900
    slug = _pension_slug(demo)
    login(client, "citizen")
    choose = client.get(f"/items/{slug}/book").get_data(as_text=True)
    assert "湖滨街道便民服务中心" in choose and "柳岸社区便民服务站" in choose and "代收代办" in choose
    days = client.get(f"/items/{slug}/book?centre=mh-hubin").get_data(as_text=True)
    assert "2026-09-28" in days and "2026-09-30" in days
    assert "2026-10-01" not in days  # National Day: the working-day calendar closes it
    slots = client.get(f"/items/{slug}/book?centre=mh-hubin&day=2026-09-29").get_data(as_text=True)
    assert "09:00–09:30" in slots and "余 3" in slots  # 湖滨 has three windows: three citizens per slot

    response = _book(client, slug, "mh-hubin", "2026-09-29", "09:00")
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    number = re.search(r"YY\d{13}", page).group(0)
    assert "预约成功" in page and "2026-09-29 09:00–09:30" in page

    made = _messages(demo, "booking_made")
    assert {m[0] for m in made} == {"sms", "inbox"} and number in made[0][4]
    [reminder] = _messages(demo, "booking_reminder")
    assert reminder[:3] == ("sms", "13800138000", "queued")
    assert reminder[3] == datetime(2026, 9, 28, 10, 0)  # 18:00 the evening before, in the hall's time
    from app.notifications.sending import send_due_messages

    with demo.app_context():
        send_due_messages("test", now=datetime(2026, 9, 28, 9, 59))
    assert _messages(demo, "booking_reminder")[0][2] == "queued"  # not yet
    with demo.app_context():
        send_due_messages("test", now=datetime(2026, 9, 28, 10, 0))
    assert _messages(demo, "booking_reminder")[0][2] == "sent"

    # The booked day at the window: the district hall's clerk neither sees it nor may check it in.
    demo.config["CLOCK_NOW"] = lambda: datetime(2026, 9, 29, 1, 5)
    login(client, "window")
    assert number not in client.get("/window/bookings").get_data(as_text=True)
    refused = client.post(f"/window/bookings/{number}/check-in", data={"csrf_token": csrf_token(client, "/")})
    assert refused.status_code == 403
    login(client, "window-hubin")
    day = client.get("/window/bookings").get_data(as_text=True)
    assert number in day and "张三" in day
    checked = client.post(f"/window/bookings/{number}/check-in", data={"csrf_token": csrf_token(client, "/")})
    assert checked.status_code == 302
    day = client.get("/window/bookings").get_data(as_text=True)
    assert re.search(r'id="count-checked-in">1<', day) and "代录申请" in day
    entry = re.search(r'href="(/window/new/[^"]+booking=[^"]+)"', day).group(1).replace("&amp;", "&")
    form = client.get(entry).get_data(as_text=True)  # the walk-in form starts with the booked name and mobile
    assert 'value="张三"' in form and 'value="13800138000"' in form
    again = client.post(f"/window/bookings/{number}/check-in", data={"csrf_token": csrf_token(client, "/")})
    assert again.status_code == 409 and "已于 09:05 签到" in again.get_data(as_text=True)


def test_a_full_slot_a_day_off_and_a_missed_slot(demo, client, login):
    from app.extensions import db
    from app.models import Centre

    _seed_calendar(demo)
    demo.config["CLOCK_NOW"] = lambda: MONDAY_0900
    slug = _pension_slug(demo)
    with demo.app_context():
        db.session.scalar(select(Centre).where(Centre.code == "mh-qingshan")).windows = 1
        db.session.commit()
    login(client, "citizen")
    assert _book(client, slug, "mh-qingshan", "2026-09-29", "09:30").status_code == 302
    full = _book(client, slug, "mh-qingshan", "2026-09-29", "09:30")
    assert full.status_code == 422 and "已约满" in full.get_data(as_text=True)
    holiday = _book(client, slug, "mh-qingshan", "2026-10-01", "09:30")
    assert holiday.status_code == 422 and "不开放预约" in holiday.get_data(as_text=True)
    bad_phone = _book(client, slug, "mh-qingshan", "2026-09-30", "09:30", phone="123")
    assert bad_phone.status_code == 422 and "11位手机号码" in bad_phone.get_data(as_text=True)

    demo.config["CLOCK_NOW"] = lambda: datetime(2026, 9, 29, 2, 30)  # 10:30: the 09:30 slot is over
    login(client, "window-qingshan")
    day = client.get("/window/bookings").get_data(as_text=True)
    assert re.search(r'id="count-no-show">1<', day) and re.search(r'id="no-shows-30">1<', day)


def test_a_cancelled_booking_frees_its_place_and_is_not_reminded(demo, client, login):
    _seed_calendar(demo)
    demo.config["CLOCK_NOW"] = lambda: MONDAY_0900
    slug = _pension_slug(demo)
    login(client, "citizen")
    response = _book(client, slug, "mh-district", "2026-09-30", "14:00")
    number = response.headers["Location"].rsplit("/", 1)[-1]
    assert len(_messages(demo, "booking_reminder")) == 1
    cancelled = client.post(f"/bookings/{number}/cancel", data={"csrf_token": csrf_token(client, "/my/bookings")})
    assert cancelled.status_code == 302
    assert "已取消" in client.get(f"/bookings/{number}").get_data(as_text=True)
    assert _messages(demo, "booking_reminder") == []
    assert [m[0] for m in _messages(demo, "booking_cancelled")] == ["sms", "inbox"]
    slots = client.get(f"/items/{slug}/book?centre=mh-district&day=2026-09-30").get_data(as_text=True)
    assert "余 6" in slots  # the place is free again
    assert date(2026, 9, 30).isoformat() in client.get("/my/bookings").get_data(as_text=True)
