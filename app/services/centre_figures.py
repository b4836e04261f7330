"""Supervision split by centre (效能监察·分中心): per centre, the cases received in the period, those still open and
overdue, the appointments of the period with their no-shows, and the complaints received in the period with those
still open. One grouped query per figure."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, or_, select

from app.extensions import db
from app.models import Application, Booking, BookingState, Complaint
from app.services.centres import all_centres
from app.services.supervision_dashboard import Scope, figure_condition, in_scope


@dataclass
class CentreRow:
    centre_id: int
    name: str
    received: int = 0
    open: int = 0
    overdue: int = 0
    bookings: dict[str, int] = field(default_factory=dict)
    complaints: int = 0
    open_complaints: int = 0

    @property
    def no_shows(self) -> int:
        return self.bookings.get(BookingState.NO_SHOW.value, 0)

    @property
    def booked(self) -> int:
        return sum(n for state, n in self.bookings.items() if state != BookingState.CANCELLED.value)


def centre_rows(scope: Scope) -> list[CentreRow]:
    """One row per centre (only the scope's centre when it names one), district first."""
    rows = {c.id: CentreRow(c.id, c.name) for c in all_centres(active_only=False)}
    if scope.centre_id is not None:
        rows = {k: v for k, v in rows.items() if k == scope.centre_id}
    received = (
        select(Application.centre_id, func.count())
        .where(figure_condition("received", scope), in_scope(scope))
        .group_by(Application.centre_id)
    )
    for centre_id, n in db.session.execute(received):
        if centre_id in rows:
            rows[centre_id].received = int(n)
    open_cases = (
        select(Application.centre_id, func.count(), func.sum(case((Application.light == "red", 1), else_=0)))
        .where(Application.finished_at.is_(None), in_scope(scope))
        .group_by(Application.centre_id)
    )
    for centre_id, n, red in db.session.execute(open_cases):
        if centre_id in rows:
            rows[centre_id].open, rows[centre_id].overdue = int(n), int(red or 0)
    booked = select(Booking.centre_id, Booking.state, func.count()).where(Booking.day.between(scope.start, scope.end))
    if scope.item_id is not None:
        booked = booked.where(Booking.item_id == scope.item_id)
    for centre_id, state, n in db.session.execute(booked.group_by(Booking.centre_id, Booking.state)):
        if centre_id in rows:
            rows[centre_id].bookings[state] = int(n)
    is_open = Complaint.status.in_(("received", "assigned"))
    received_complaints = and_(Complaint.created_at >= scope.since(), Complaint.created_at < scope.until())
    complained = (
        select(
            Complaint.centre_id,
            func.count().filter(received_complaints),
            func.count().filter(is_open),
        )
        .where(Complaint.centre_id.in_(list(rows) or [-1]), or_(received_complaints, is_open))
        .group_by(Complaint.centre_id)
    )
    for centre_id, n, still_open in db.session.execute(complained):
        rows[centre_id].complaints, rows[centre_id].open_complaints = int(n), int(still_open)
    return list(rows.values())
