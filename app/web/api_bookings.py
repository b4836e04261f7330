"""The API's appointments (预约): where an item may be booked and its free slots, a citizen's own bookings (book,
read, cancel), and the hall's side: the day's bookings as each may see them (app/services/booking_reads.py) and
the window's check-in. Each step goes through the service the pages use (app/services/bookings.py); views parse,
call and render, the request commits.

A department system (an integrator client) reads the day's bookings of its department's items; it does not book
or cancel: a booking is the citizen's own, tied to their account, reminded on their mobile and checked in by them
at the window."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import g, jsonify

from app.domain.actors import Caller
from app.extensions import db
from app.models import BOOKING_STATE_LABELS, Booking, BookingState, Centre, ServiceItem
from app.services import booking_reads, bookings
from app.services.centres import accepting_centres, centre_by_code, receiving_centres
from app.services.errors import InvalidData, NotAllowed, NotFound
from app.services.live_items import live_version
from app.services.now import today
from app.web.api import bp
from app.web.api_guard import needs
from app.web.api_parsing import BadQuery, iso_date, iso_time, json_object, query_text

needs("submit", "api.book", "api.cancel_booking")
needs("decide", "api.check_in_booking")


def _takers(item: ServiceItem) -> list[Centre]:
    return accepting_centres(item) + receiving_centres(item)


@bp.get("/items/<slug>/centres")
def item_centres(slug: str) -> Any:
    """Where the item is accepted (the guide's 办理地点) and the stations that take it in and forward it."""
    item, _ = live_version(slug)
    receiving = {c.id for c in receiving_centres(item)}
    return jsonify(item=item.slug, centres=[centre_json(c, c.id in receiving) for c in _takers(item)])


def _query_day(name: str = "day") -> date | None:
    text = query_text(name, 10)
    if text is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        problem = f"{name} 必须是 YYYY-MM-DD 格式的日期"
        raise BadQuery(problem, details={name: [problem]}) from None


def _taking_centre(item: ServiceItem, code: object) -> Centre:
    """The centre named by ``code``, which must accept or receive ``item``: 404 for a code no centre has, 422 naming
    the ones that take the item for another centre."""
    centre = _centre(code)
    takers = _takers(item)
    if centre not in takers:
        where = "、".join(f"{c.code}（{c.name}）" for c in takers) or "暂无"
        problem = f"该事项可预约的中心：{where}"
        raise InvalidData(problem, details={"centre": [problem]})
    return centre


def _centre(code: object) -> Centre:
    centre = centre_by_code(code) if isinstance(code, str) and code else None
    if centre is None:
        raise NotFound(f"没有代码为 {code} 的中心")
    return centre


@bp.get("/items/<slug>/slots")
def item_slots(slug: str) -> Any:
    """The bookable days of the item at a centre and their slots with the places left (all open days, or ``day``)."""
    item, _ = live_version(slug)
    code = query_text("centre", 32)
    day = _query_day()
    if code is None:
        raise BadQuery("需要 centre：中心代码（见 /items/{slug}/centres）", details={"centre": ["需要中心代码"]})
    centre = _taking_centre(item, code)
    days = bookings.open_days(centre)
    wanted = [d for d in days if day is None or d == day]
    slots = [
        {
            "day": slot.day.isoformat(),
            "starts": f"{slot.starts:%H:%M}",
            "ends": f"{slot.ends:%H:%M}",
            "capacity": slot.capacity,
            "free": slot.free,
        }
        for d in wanted
        for slot in bookings.slots_of(centre, d)
    ]
    return jsonify(item=item.slug, centre=centre.code, days=[d.isoformat() for d in days], slots=slots)


def _text(body: dict[str, Any], name: str, max_length: int) -> str:
    value = body.get(name)
    if not isinstance(value, str) or len(value) > max_length:
        problem = f"{name} 必须是不超过 {max_length} 个字符的文本"
        raise InvalidData(problem, details={name: [problem]})
    return value


@bp.post("/bookings")
def book() -> Any:
    """The caller books a slot for themself (a person's token: a booking is the citizen's own)."""
    caller: Caller = g.api_user
    if caller.client is not None:
        raise NotAllowed(f"接入系统“{caller.client.name}”不能代为预约：预约属于申请人本人，请由申请人登录预约")
    body = json_object()
    item, _ = live_version(_text(body, "item", 64))
    centre = _taking_centre(item, body.get("centre"))
    try:
        day = date.fromisoformat(_text(body, "day", 10))
    except ValueError:
        raise InvalidData("day 必须是 YYYY-MM-DD 格式的日期", details={"day": ["YYYY-MM-DD"]}) from None
    booking = bookings.book(
        citizen=caller,
        centre=centre,
        item=item,
        day=day,
        starts=_text(body, "starts", 5),
        name=_text(body, "name", 100),
        phone=_text(body, "phone", 20),
    )
    db.session.commit()
    return jsonify(booking_json(booking)), 201


@bp.get("/bookings")
def my_bookings() -> Any:
    """The caller's own bookings of the last 90 days and to come, the latest first."""
    return jsonify(bookings=[booking_json(b) for b in bookings.bookings_of(g.api_user.id)])


def _seen_booking(number: str) -> tuple[Booking, bool]:
    """The booking and whether its mobile number is shown in full: the citizen's own, or one the caller may see
    on the day list; others are 404, as if the number did not exist."""
    caller: Caller = g.api_user
    booking = bookings.get_booking(number)
    if booking.citizen_id == caller.id:
        return booking, True
    try:
        view = booking_reads.day_view(caller, booking.centre)
    except NotAllowed:
        raise NotFound("未找到该预约号") from None
    if view.department_id is not None and booking.item.department_id != view.department_id:
        raise NotFound("未找到该预约号")
    return booking, view.full_phone


@bp.get("/bookings/<number>")
def booking(number: str) -> Any:
    found, full_phone = _seen_booking(number)
    return jsonify(booking_json(found, full_phone=full_phone))


@bp.post("/bookings/<number>/cancel")
def cancel_booking(number: str) -> Any:
    """The citizen cancels their booking before its slot starts; the reminder is not sent."""
    found = bookings.get_booking(number)
    if found.citizen_id != g.api_user.id:
        raise NotFound("未找到该预约号")
    bookings.cancel(found, g.api_user)
    db.session.commit()
    return jsonify(booking_json(found))


@bp.get("/day-bookings")
def day_bookings() -> Any:
    """One day's bookings (today unless ``day``) as the caller may see them: a window its centre's, a department
    its items' at every centre (mobile numbers masked), a supervisor the centres they watch."""
    day = _query_day() or today()
    code = query_text("centre", 32)
    centre = _centre(code) if code is not None else None
    view = booking_reads.day_view(g.api_user, centre)
    rows = booking_reads.bookings_of_day(view, day)
    return jsonify(
        day=day.isoformat(),
        counts=bookings.counts(rows),
        bookings=[booking_json(b, full_phone=view.full_phone) for b in rows],
    )


@bp.post("/bookings/<number>/check-in")
def check_in_booking(number: str) -> Any:
    """The window of the booked centre checks the citizen in, on the booked day."""
    found = bookings.get_booking(number)
    bookings.check_in(found, g.api_user)
    db.session.commit()
    return jsonify(booking_json(found))


def centre_json(centre: Centre, receive_only: bool) -> dict[str, Any]:
    return {
        "code": centre.code,
        "name": centre.name,
        "level": centre.level,
        "address": centre.address,
        "phone": centre.phone,
        "hours": centre.hours,
        "receives_only": receive_only,
    }


def booking_json(found: Booking, *, full_phone: bool = True) -> dict[str, Any]:
    return {
        "number": found.number,
        "item": found.item.slug,
        "item_name": found.item.name,
        "centre": found.centre.code,
        "centre_name": found.centre.name,
        "day": iso_date(found.day),
        "starts": found.starts,
        "ends": found.ends,
        "state": found.state,
        "state_label": BOOKING_STATE_LABELS[BookingState(found.state)],
        "name": found.name,
        "phone": found.phone if full_phone else booking_reads.masked_phone(found.phone),
        "created_at": iso_time(found.created_at),
        "cancelled_at": iso_time(found.cancelled_at),
        "checked_in_at": iso_time(found.checked_in_at),
    }
