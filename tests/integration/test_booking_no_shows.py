"""Issue 20: a booking whose slot ends without a check-in is a no-show (爽约) once the worker has run, whether or
not a window opens its day page; the worker marks each once, and leaves alone what is checked in or not over yet."""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.integration.drive import user

MONDAY_0900 = datetime(2026, 9, 28, 1, 0)  # UTC: 09:00 in the hall
TUESDAY = date(2026, 9, 29)
PENSION = "11440199007495173F4442120003"  # handle anywhere: bookable at the street centres


def _book(app: Flask, starts: str, username: str = "citizen") -> str:
    from app.extensions import db
    from app.models import Centre, ServiceItem
    from app.services import bookings

    with app.app_context():
        citizen = user(username)
        booking = bookings.book(
            citizen=citizen,
            centre=db.session.scalar(select(Centre).where(Centre.code == "mh-hubin")),
            item=db.session.scalar(select(ServiceItem).where(ServiceItem.code == PENSION)),
            day=TUESDAY,
            starts=starts,
            name=citizen.display_name,
            phone="13800138000",
        )
        db.session.commit()
        return booking.number


def _states(app: Flask) -> dict[str, str]:
    from app.extensions import db
    from app.models import Booking

    with app.app_context():
        return dict(db.session.execute(select(Booking.number, Booking.state)).all())


def _no_shows(app: Flask) -> int:
    from app.services.bookings import no_shows_since

    with app.app_context():
        return no_shows_since(None, TUESDAY)


def _seed_calendar(app: Flask) -> None:
    from app.extensions import db
    from app.services.work_calendar import seed_from_package

    with app.app_context():
        seed_from_package()
        db.session.commit()


def _citizens(app: Flask, *names: str) -> None:
    from app.extensions import db
    from app.models import Role
    from app.services.users import create_user

    with app.app_context():
        for name in names:
            create_user(name, f"{name}（申请人）", "demo1234", (Role.CITIZEN,))
        db.session.commit()


def test_the_worker_marks_a_missed_slot_a_no_show_once(demo: Flask) -> None:
    from app.extensions import db
    from app.services import bookings, worker

    _seed_calendar(demo)
    _citizens(demo, "citizen2", "citizen3")
    demo.config["CLOCK_NOW"] = lambda: MONDAY_0900
    missed = _book(demo, "09:30")
    checked_in = _book(demo, "09:30", "citizen2")
    afternoon = _book(demo, "14:00", "citizen3")

    demo.config["CLOCK_NOW"] = lambda: datetime(2026, 9, 29, 1, 35)  # Tuesday 09:35: the window checks one in
    with demo.app_context():
        bookings.check_in(bookings.get_booking(checked_in), user("window-hubin"))
        db.session.commit()
        worker.run_once("test-worker", now=datetime(2026, 9, 29, 1, 59))  # 09:59: the slot is not over yet
    assert _states(demo)[missed] == "booked"

    demo.config.pop("CLOCK_NOW")  # the worker's own moment decides, not the hall's clock
    with demo.app_context():
        worker.run_once("test-worker", now=datetime(2026, 9, 29, 2, 0))  # 10:00: the 09:30 slot has ended
    assert _states(demo) == {missed: "no_show", checked_in: "checked_in", afternoon: "booked"}
    assert _no_shows(demo) == 1  # counted without anyone opening the window's day page

    with demo.app_context():  # again, and later that day: nothing is marked twice
        worker.run_once("test-worker", now=datetime(2026, 9, 29, 2, 30))
        assert bookings.mark_no_shows(at=datetime(2026, 9, 29, 2, 30)) == 0
    assert _no_shows(demo) == 1

    with demo.app_context():  # the next morning the afternoon's booking is over too
        worker.run_once("test-worker", now=datetime(2026, 9, 30, 1, 0))
    assert _states(demo) == {missed: "no_show", checked_in: "checked_in", afternoon: "no_show"}
    assert _no_shows(demo) == 2


@pytest.mark.postgres
def test_two_workers_mark_each_no_show_once(pg_demo: Flask) -> None:
    from app.extensions import db
    from app.services.bookings import mark_no_shows

    _seed_calendar(pg_demo)
    _citizens(pg_demo, "citizen2", "citizen3")
    pg_demo.config["CLOCK_NOW"] = lambda: MONDAY_0900
    for starts, username in (("09:00", "citizen"), ("09:30", "citizen2"), ("10:00", "citizen3")):
        _book(pg_demo, starts, username)
    pg_demo.config.pop("CLOCK_NOW")

    barrier = threading.Barrier(2)
    marked: list[Any] = [None, None]

    def sweep(index: int) -> None:
        with pg_demo.app_context():
            barrier.wait()
            try:
                marked[index] = mark_no_shows(at=datetime(2026, 9, 29, 8, 0))
                db.session.commit()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sweep, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(marked) == 3  # each booking marked by one of them
    assert set(_states(pg_demo).values()) == {"no_show"}
