"""Two citizens taking the last place of one slot at the same instant, on real PostgreSQL: one gets it."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.integration.drive import user

pytestmark = pytest.mark.postgres


def test_the_last_place_of_a_slot_goes_to_one_citizen(pg_demo):
    from app.extensions import db
    from app.models import Booking, Centre, Role, ServiceItem
    from app.services import bookings
    from app.services.errors import ServiceError
    from app.services.users import create_user

    app = pg_demo
    app.config["CLOCK_NOW"] = lambda: datetime(2026, 9, 28, 1, 0)  # Monday 09:00 in the hall
    with app.app_context():
        create_user("citizen2", "李四（申请人）", "demo1234", (Role.CITIZEN,))
        db.session.scalar(select(Centre).where(Centre.code == "mh-qingshan")).windows = 1
        db.session.commit()

    barrier = threading.Barrier(2)
    results = ["", ""]

    def take(index: int, username: str) -> None:
        with app.app_context():
            citizen = user(username)
            centre = db.session.scalar(select(Centre).where(Centre.code == "mh-qingshan"))
            item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == "11440199007495173F4442120003"))
            barrier.wait()
            try:
                bookings.book(
                    citizen=citizen,
                    centre=centre,
                    item=item,
                    day=date(2026, 9, 29),
                    starts="10:00",
                    name=citizen.display_name,
                    phone="13800138000",
                )
                db.session.commit()
                results[index] = "ok"
            except ServiceError as exc:
                db.session.rollback()
                results[index] = exc.code
            finally:
                db.session.remove()

    threads = [threading.Thread(target=take, args=(i, name)) for i, name in enumerate(("citizen", "citizen2"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["conflict", "ok"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Booking)) == 1
