"""Appointments (预约): a citizen books a slot for an item at a centre, is reminded through the outbox, checks in at
the window; a slot not turned up to is a no-show. The slot rules are app/domain/booking_slots.py; the request
commits."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, select, update

from app.domain.actors import Actor, Role
from app.domain.booking_slots import Slot, bookable_days, day_slots, parse_hours, reminder_time
from app.domain.centres import centre_refusal
from app.extensions import db
from app.models import Booking, BookingState, Centre, MessageState, Notification, ServiceItem
from app.notifications.outbox import write_outbox
from app.notifications.wording import render
from app.services.audit import record_event
from app.services.centres import route_at
from app.services.errors import Conflict, InvalidData, NotAllowed, NotFound
from app.services.now import HALL_TIME, now, today
from app.services.task_lists import clerk_centre_id
from app.services.work_calendar import load_calendar

HOLDING = (BookingState.BOOKED.value, BookingState.CHECKED_IN.value)  # states that take a place in a slot
DAYS_AHEAD = 10  # working days a citizen may book ahead


def hall_now() -> datetime:
    """The hall's local time now (naive), as booking days and slot times are kept."""
    return now().replace(tzinfo=UTC).astimezone(HALL_TIME).replace(tzinfo=None)


def _to_utc(local: datetime) -> datetime:
    return local.replace(tzinfo=HALL_TIME).astimezone(UTC).replace(tzinfo=None)


def open_days(centre: Centre) -> list[date]:
    """The working days a citizen may book at ``centre``, today first when it still has a slot."""
    calendar = load_calendar()
    return [d for d in bookable_days(today(), DAYS_AHEAD, calendar.is_workday) if slots_of(centre, d)]


def slots_of(centre: Centre, day: date) -> list[Slot]:
    """The day's slots at ``centre`` with the places already taken; none on a day off or in the past."""
    taken = dict(
        db.session.execute(
            select(Booking.starts, func.count())
            .where(Booking.centre_id == centre.id, Booking.day == day, Booking.state.in_(HOLDING))
            .group_by(Booking.starts)
        ).all()
    )
    return day_slots(
        day,
        parse_hours(centre.hours),
        slot_minutes=centre.slot_minutes,
        windows=centre.windows,
        booked=taken,
        is_workday=load_calendar().is_workday,
        not_before=hall_now(),
    )


def book(
    *, citizen: Actor, centre: Centre, item: ServiceItem, day: date, starts: str, name: str, phone: str
) -> Booking:
    """Book a place in the slot starting at ``starts`` ("09:30"). Refused, naming the field, when the centre does
    not take the item, the slot is not open or is full, or the citizen already holds a booking for the item that
    day. Writes the confirmation and the reminder to the outbox in the same transaction."""
    route_at(centre, item)  # NotAllowed, naming where the item is accepted
    problems: dict[str, list[str]] = {}
    if not name.strip():
        problems["name"] = ["请填写预约人姓名"]
    if not re.fullmatch(r"1[0-9]{10}", phone.strip()):
        problems["phone"] = ["请填写11位手机号码，用于接收预约提醒"]
    if problems:
        raise InvalidData("请修正标出的内容", details=problems)
    _lock(centre)
    slot = next((s for s in slots_of(centre, day) if f"{s.starts:%H:%M}" == starts), None)
    if slot is None:
        raise InvalidData(
            "该时段不可预约", details={"slot": ["该时段不开放预约（非工作日、已过时或不在办公时间），请另选"]}
        )
    if slot.free <= 0:
        raise Conflict("该时段已约满，请另选时段")
    held = db.session.scalar(
        select(Booking.number).where(
            Booking.citizen_id == citizen.id,
            Booking.item_id == item.id,
            Booking.day == day,
            Booking.state == BookingState.BOOKED.value,
        )
    )
    if held:
        raise Conflict(f"您当天已预约办理该事项（预约号 {held}），如需改期请先取消")
    booking = Booking(
        number=_next_number(centre, day),
        centre=centre,
        item=item,
        citizen_id=citizen.id,
        name=name.strip(),
        phone=phone.strip(),
        day=day,
        starts=starts,
        ends=f"{slot.ends:%H:%M}",
        state=BookingState.BOOKED.value,
        created_at=now(),
    )
    db.session.add(booking)
    db.session.flush()
    _tell(booking, "booking_made", ("sms", "inbox"))
    remind_at = reminder_time(day, slot.starts, hall_now())
    _tell(booking, "booking_reminder", ("sms",), send_at=_to_utc(remind_at))
    record_event("booking_made", actor=citizen, detail=_detail(booking))
    return booking


def _lock(centre: Centre) -> None:
    # Two citizens taking the last place of one slot: the second waits here for the first and then counts it.
    db.session.execute(select(Centre.id).where(Centre.id == centre.id).with_for_update())


def _next_number(centre: Centre, day: date) -> str:
    # Under the centre's lock: the day's count at the centre (cancelled ones too) numbers the next one.
    count = db.session.scalar(select(func.count()).where(Booking.centre_id == centre.id, Booking.day == day)) or 0
    return f"YY{day:%Y%m%d}{centre.id:02d}{count + 1:03d}"


def _context(booking: Booking) -> dict[str, Any]:
    return {
        "centre": current_app.config["CENTRE_NAME"],
        "item": booking.item.name,
        "place": booking.centre.name,
        "address": booking.centre.address,
        "day": booking.day.isoformat(),
        "slot": f"{booking.starts}–{booking.ends}",
        "number": booking.number,
    }


def _dedupe(booking: Booking, event: str, channel: str) -> str:
    return f"{event}:{booking.number}:{channel}"


def _tell(booking: Booking, event: str, channels: tuple[str, ...], send_at: datetime | None = None) -> None:
    citizen = booking.citizen
    locale = (citizen.locale if citizen else None) or "zh_CN"
    addresses = {"sms": booking.phone, "inbox": citizen.display_name if citizen else None}
    for channel in channels:
        address = addresses.get(channel)
        if not address:
            continue
        text = render(event, channel, locale, _context(booking))
        write_outbox(
            channel=channel,
            recipient=address,
            subject=text.subject,
            body=text.body,
            event=event,
            user_id=booking.citizen_id,
            locale=locale,
            dedupe_key=_dedupe(booking, event, channel),
            send_at=send_at,
        )


def _detail(booking: Booking) -> dict[str, Any]:
    return {
        "booking": booking.number,
        "centre": booking.centre.name,
        "item": booking.item.code,
        "day": booking.day.isoformat(),
        "starts": booking.starts,
    }


def get_booking(number: str) -> Booking:
    booking = db.session.scalar(select(Booking).where(Booking.number == number))
    if booking is None:
        raise NotFound("未找到该预约号")
    return booking


def cancel(booking: Booking, actor: Actor) -> None:
    """The citizen cancels before the slot starts: the place is free again and the reminder is not sent."""
    if booking.citizen_id != actor.id:
        raise NotAllowed("只能取消本人的预约")
    if booking.state != BookingState.BOOKED.value:
        raise Conflict("该预约已签到、已取消或已过期，不能取消")
    if datetime.combine(booking.day, time.fromisoformat(booking.starts)) <= hall_now():
        raise Conflict("预约时段已开始，不能取消")
    booking.state = BookingState.CANCELLED.value
    booking.cancelled_at = now()
    db.session.execute(
        delete(Notification).where(
            Notification.dedupe_key == _dedupe(booking, "booking_reminder", "sms"),
            Notification.state == MessageState.QUEUED,
        )
    )
    _tell(booking, "booking_cancelled", ("sms", "inbox"))
    record_event("booking_cancelled", actor=actor, detail=_detail(booking))
    db.session.flush()


def check_in(booking: Booking, clerk: Actor) -> None:
    """The window checks the citizen in on the booked day, at the booked centre."""
    if not clerk.has_role(Role.WINDOW_CLERK):
        raise NotAllowed("只有窗口人员可以为预约签到")
    refusal = centre_refusal(clerk_centre_id(clerk), booking.centre_id, booking.centre.name)
    if refusal:
        raise NotAllowed(refusal.replace("此办件", "此预约"))
    if booking.state == BookingState.CHECKED_IN.value:
        raise Conflict(f"该预约已于 {_local(booking.checked_in_at):%H:%M} 签到")
    if booking.state != BookingState.BOOKED.value:
        raise Conflict("该预约已取消或已记为未到，不能签到")
    if booking.day != today():
        raise Conflict(f"该预约是 {booking.day.isoformat()} 的，只能当天签到")
    booking.state = BookingState.CHECKED_IN.value
    booking.checked_in_at = now()
    booking.checked_in_by_id = clerk.id
    record_event("booking_checked_in", actor=clerk, detail=_detail(booking))
    db.session.flush()


def _local(moment: datetime | None) -> datetime:
    return (moment or now()).replace(tzinfo=UTC).astimezone(HALL_TIME)


def mark_no_shows(centre_id: int | None = None, at: datetime | None = None) -> int:
    """Bookings whose slot has ended without a check-in become no-shows (未到); how many were marked. ``at``: the
    UTC moment to judge by (now when None). The worker runs it after every slot's end, the window's day page on
    opening; marking twice changes nothing (only bookings still waiting are touched)."""
    local = hall_now() if at is None else at.replace(tzinfo=UTC).astimezone(HALL_TIME).replace(tzinfo=None)
    late = (Booking.day < local.date()) | ((Booking.day == local.date()) & (Booking.ends <= f"{local:%H:%M}"))
    stmt = update(Booking).where(Booking.state == BookingState.BOOKED.value, Booking.day <= local.date(), late)
    if centre_id is not None:
        stmt = stmt.where(Booking.centre_id == centre_id)
    result = db.session.execute(
        stmt.values(state=BookingState.NO_SHOW.value).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def day_bookings(centre_id: int | None, day: date) -> list[Booking]:
    """A centre's bookings of one day (every centre's when None), in slot order."""
    stmt = select(Booking).where(Booking.day == day).order_by(Booking.starts, Booking.id)
    if centre_id is not None:
        stmt = stmt.where(Booking.centre_id == centre_id)
    return list(db.session.scalars(stmt))


def counts(bookings: list[Booking]) -> dict[str, int]:
    """How many of each state, for the window's day page."""
    found = {state.value: 0 for state in BookingState}
    for booking in bookings:
        found[booking.state] = found.get(booking.state, 0) + 1
    return found


def no_shows_since(centre_id: int | None, since: date) -> int:
    """No-shows (爽约) counted since ``since``, at a centre or everywhere."""
    stmt = select(func.count()).where(Booking.state == BookingState.NO_SHOW.value, Booking.day >= since)
    if centre_id is not None:
        stmt = stmt.where(Booking.centre_id == centre_id)
    return int(db.session.scalar(stmt) or 0)


def bookings_of(citizen_id: int) -> list[Booking]:
    """A citizen's bookings, the coming ones first."""
    since = today() - timedelta(days=90)
    stmt = (
        select(Booking)
        .where(Booking.citizen_id == citizen_id, Booking.day >= since)
        .order_by(Booking.day.desc(), Booking.starts.desc())
    )
    return list(db.session.scalars(stmt))


def booked_identity(number: str, clerk: Actor) -> dict[str, Any] | None:
    """The walk-in identity a checked-in booking already gives (name, mobile), for the clerk of its centre."""
    booking = db.session.scalar(select(Booking).where(Booking.number == number))
    if booking is None or booking.state != BookingState.CHECKED_IN.value:
        return None
    if centre_refusal(clerk_centre_id(clerk), booking.centre_id, None):
        return None
    return {"walk_in": {"name": booking.name, "mobile": booking.phone or ""}}
