"""Issue 20: appointments (预约) through the API, by the services the pages use. A citizen's system finds where an
item is booked and the free slots, books (confirmed and reminded through the outbox), lists and cancels; the
window of the booked centre sees its day and checks the citizen in; the department of the item reads the day's
bookings of its items (mobile numbers masked); a department system may not book for a citizen."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import demo_item
from tests.integration.test_integrator_webhooks import integrator_token

MONDAY_0900 = datetime(2026, 9, 28, 1, 0)  # UTC: 09:00 in the hall; Thursday 1 October is National Day
TUESDAY_0905 = datetime(2026, 9, 29, 1, 5)


def _setup(app: Flask) -> str:
    from app.extensions import db
    from app.services.work_calendar import seed_from_package

    with app.app_context():
        seed_from_package()
        db.session.commit()
    app.config["CLOCK_NOW"] = lambda: MONDAY_0900
    return demo_item("immediate")[0]  # 城乡居民基本养老保险参保登记 (人社局): handle anywhere


def _book(client: FlaskClient, headers: dict[str, str], slug: str, day: str, starts: str, centre: str = "mh-hubin"):  # type: ignore[no-untyped-def]
    body = {"item": slug, "centre": centre, "day": day, "starts": starts, "name": "张三", "phone": "13800138000"}
    return client.post("/api/v1/bookings", json=body, headers=headers)


def _reminders(app: Flask) -> list[str]:
    from app.extensions import db
    from app.models import Notification

    with app.app_context():
        return list(db.session.scalars(select(Notification.state).where(Notification.event == "booking_reminder")))


def test_a_booking_through_the_api_is_made_reminded_and_checked_in_at_the_window(
    demo: Flask, client: FlaskClient, api_token: Any
) -> None:
    slug = _setup(demo)
    citizen = api_token(client, "citizen")

    centres = client.get(f"/api/v1/items/{slug}/centres")  # as public as the guide
    assert centres.status_code == 200
    by_code = {c["code"]: c for c in centres.get_json()["centres"]}
    assert {"mh-district", "mh-hubin", "mh-qingshan", "mh-liuan"} <= set(by_code)
    assert by_code["mh-liuan"]["receives_only"] and not by_code["mh-hubin"]["receives_only"]

    slots = client.get(f"/api/v1/items/{slug}/slots?centre=mh-hubin", headers=citizen).get_json()
    assert "2026-09-29" in slots["days"] and "2026-10-01" not in slots["days"]  # National Day is closed
    [nine] = [s for s in slots["slots"] if (s["day"], s["starts"]) == ("2026-09-29", "09:00")]
    assert (nine["ends"], nine["capacity"], nine["free"]) == ("09:30", 3, 3)  # 湖滨 has three windows
    one_day = client.get(f"/api/v1/items/{slug}/slots?centre=mh-hubin&day=2026-09-29", headers=citizen).get_json()
    assert {s["day"] for s in one_day["slots"]} == {"2026-09-29"}
    assert client.get(f"/api/v1/items/{slug}/slots?centre=mh-nowhere", headers=citizen).status_code == 404
    district_only = demo_item("promised")[0]  # 公共场所卫生许可: the district hall, or its stations' forwarding
    elsewhere = client.get(f"/api/v1/items/{district_only}/slots?centre=mh-hubin", headers=citizen)
    assert elsewhere.status_code == 422 and "mh-district" in elsewhere.get_json()["message"]
    bad_day = client.get(f"/api/v1/items/{slug}/slots?centre=mh-hubin&day=29/09/2026", headers=citizen)
    assert bad_day.status_code == 400 and "YYYY-MM-DD" in bad_day.get_json()["message"]

    made = _book(client, citizen, slug, "2026-09-29", "09:00")
    assert made.status_code == 201, made.get_json()
    booking = made.get_json()
    number = booking["number"]
    assert (booking["centre"], booking["day"], booking["starts"], booking["ends"], booking["state"]) == (
        "mh-hubin",
        "2026-09-29",
        "09:00",
        "09:30",
        "booked",
    )
    assert _reminders(demo) == ["queued"]
    assert _book(client, citizen, slug, "2026-09-29", "10:00").status_code == 409  # one a day for the item
    holiday = _book(client, citizen, slug, "2026-10-01", "09:00")
    assert holiday.status_code == 422 and "slot" in holiday.get_json()["details"]
    free = client.get(f"/api/v1/items/{slug}/slots?centre=mh-hubin&day=2026-09-29", headers=citizen).get_json()
    assert [s["free"] for s in free["slots"] if s["starts"] == "09:00"] == [2]
    assert [b["number"] for b in client.get("/api/v1/bookings", headers=citizen).get_json()["bookings"]] == [number]

    # A department system reads its items' bookings but does not book for a citizen.
    rsj = integrator_token(demo, "rsj", "read decide submit", "人社业务系统")
    refused = _book(client, rsj, slug, "2026-09-29", "11:00")
    assert refused.status_code == 403 and "不能代为预约" in refused.get_json()["message"]
    assert client.get("/api/v1/day-bookings", headers=citizen).status_code == 403

    # The booked day: the district hall's window neither sees it nor may check it in; 湖滨's window does.
    demo.config["CLOCK_NOW"] = lambda: TUESDAY_0905
    district = api_token(client, "window")
    assert number not in {
        b["number"] for b in client.get("/api/v1/day-bookings", headers=district).get_json()["bookings"]
    }
    other = client.get("/api/v1/day-bookings?centre=mh-hubin", headers=district)
    assert other.status_code == 403 and "湖滨街道便民服务中心" in other.get_json()["message"]
    assert client.post(f"/api/v1/bookings/{number}/check-in", headers=district).status_code == 403
    hubin = api_token(client, "window-hubin")
    day = client.get("/api/v1/day-bookings", headers=hubin).get_json()
    assert day["day"] == "2026-09-29" and [b["phone"] for b in day["bookings"]] == ["13800138000"]
    assert day["counts"] == {"booked": 1, "checked_in": 0, "cancelled": 0, "no_show": 0}
    assert client.post(f"/api/v1/bookings/{number}/check-in", headers=rsj).status_code == 403  # not a window
    checked = client.post(f"/api/v1/bookings/{number}/check-in", headers=hubin)
    assert checked.status_code == 200 and checked.get_json()["state"] == "checked_in"
    again = client.post(f"/api/v1/bookings/{number}/check-in", headers=hubin)
    assert again.status_code == 409 and "已于 09:05 签到" in again.get_json()["message"]

    # 人社局 (the item's department) sees it at every centre, mobile masked; 卫健 has no such item.
    seen = client.get("/api/v1/day-bookings?day=2026-09-29", headers=rsj).get_json()["bookings"]
    assert [(b["number"], b["phone"], b["state"]) for b in seen] == [(number, "138****8000", "checked_in")]
    assert client.get(f"/api/v1/bookings/{number}", headers=rsj).get_json()["phone"] == "138****8000"
    wsjk = integrator_token(demo, "wsjk", "read", "卫健审批系统")
    assert client.get("/api/v1/day-bookings?day=2026-09-29", headers=wsjk).get_json()["bookings"] == []
    assert client.get(f"/api/v1/bookings/{number}", headers=wsjk).status_code == 404


def test_a_booking_is_cancelled_through_the_api_and_a_missed_one_counts_as_a_no_show(
    demo: Flask, client: FlaskClient, api_token: Any
) -> None:
    from app.services.worker import run_once

    slug = _setup(demo)
    citizen = api_token(client, "citizen")
    later = _book(client, citizen, slug, "2026-09-30", "14:00", centre="mh-district").get_json()["number"]
    missed = _book(client, citizen, slug, "2026-09-29", "09:30", centre="mh-district").get_json()["number"]
    assert _reminders(demo) == ["queued", "queued"]
    assert client.post(f"/api/v1/bookings/{later}/cancel", headers=api_token(client, "window")).status_code == 404
    cancelled = client.post(f"/api/v1/bookings/{later}/cancel", headers=citizen)
    assert cancelled.status_code == 200 and cancelled.get_json()["state"] == "cancelled"
    assert _reminders(demo) == ["queued"]  # the cancelled booking's reminder is gone
    assert client.post(f"/api/v1/bookings/{later}/cancel", headers=citizen).status_code == 409

    with demo.app_context():  # Tuesday 10:00: the 09:30 slot is over; the worker marks it, nobody opens a page
        run_once("test-worker", now=datetime(2026, 9, 29, 2, 0))
    demo.config["CLOCK_NOW"] = lambda: datetime(2026, 9, 29, 2, 0)
    day = client.get("/api/v1/day-bookings", headers=api_token(client, "supervisor")).get_json()
    assert day["counts"]["no_show"] == 1 and [b["number"] for b in day["bookings"]] == [missed]
