"""Who sees which appointments (预约) of a day, for the API and any list beyond the window's own page: a window clerk
the bookings of their centre (the window's day page), a department (its approvers and its department system) the
bookings of its own items at every centre, a supervisor those of the centres they watch; a citizen only their own
(app/services/bookings.bookings_of). Plain queries; nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.domain.actors import Actor, Role
from app.extensions import db
from app.models import Booking, Centre, ServiceItem
from app.services.errors import NotAllowed
from app.services.supervision_scope import bound_centre, centre_family
from app.services.task_lists import clerk_centre_id


@dataclass(frozen=True, slots=True)
class DayView:
    """What ``actor`` may see of one day's bookings: at these centres (None: every centre), of this department's
    items (None: every item), and whether the citizens' mobile numbers are shown in full."""

    centre_ids: list[int] | None
    department_id: int | None
    full_phone: bool


def day_view(actor: Actor, centre: Centre | None) -> DayView:
    """The bookings ``actor`` may list, narrowed to ``centre`` when asked. NotAllowed naming why for a citizen, and
    for a window clerk or a centre's supervisor asking about a centre they do not work at."""
    if actor.has_role(Role.WINDOW_CLERK):
        own = clerk_centre_id(actor)
        if own is not None and centre is not None and centre.id != own:
            raise NotAllowed(f"窗口只能查看本中心的预约，不能查看{centre.name}的预约")
        return DayView([own] if own is not None else _ids(centre), None, True)
    if actor.has_role(Role.SUPERVISOR, Role.ADMIN):
        bound = bound_centre(actor)
        if bound is None:
            return DayView(_ids(centre), None, True)
        watched = centre_family(bound)
        if centre is not None and centre.id not in watched:
            raise NotAllowed(f"只能查看所监察中心的预约，不能查看{centre.name}的预约")
        return DayView(_ids(centre) or watched, None, True)
    if actor.has_role(Role.APPROVER) and actor.department_id is not None:
        return DayView(_ids(centre), actor.department_id, False)
    raise NotAllowed("当日预约只对窗口、审批部门和监察人员开放；申请人请查看本人的预约")


def _ids(centre: Centre | None) -> list[int] | None:
    return [centre.id] if centre is not None else None


def bookings_of_day(view: DayView, day: date) -> list[Booking]:
    """The day's bookings ``view`` allows, in slot order, then by centre."""
    stmt = select(Booking).where(Booking.day == day).order_by(Booking.starts, Booking.centre_id, Booking.id)
    if view.centre_ids is not None:
        stmt = stmt.where(Booking.centre_id.in_(view.centre_ids))
    if view.department_id is not None:
        stmt = stmt.where(
            Booking.item_id.in_(select(ServiceItem.id).where(ServiceItem.department_id == view.department_id))
        )
    return list(db.session.scalars(stmt))


def masked_phone(phone: str | None) -> str | None:
    """A mobile number as a department sees it: enough to tell two citizens apart (138****8000), not to call."""
    if not phone or len(phone) < 8:
        return phone
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"
