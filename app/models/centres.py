"""Service centres of the district (区 / 街道(镇) / 社区(村)) and appointments booked at them (预约)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.centres import CentreLevel, Place
from app.models.base import Base, utcnow
from app.models.catalog import ServiceItem
from app.models.people import User


class Centre(Base):
    """A service hall at one level, with its windows and opening hours. A receive-only centre (代收代办) takes
    applications in and forwards them to a centre above it (app/domain/centres.py)."""

    __tablename__ = "centre"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(12), default=CentreLevel.DISTRICT.value)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("centre.id", ondelete="SET NULL"), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str | None] = mapped_column(String(30))
    # Working-day opening hours, "09:00-12:00,13:30-17:00" (app/domain/booking_slots.parse_hours).
    hours: Mapped[str] = mapped_column(String(200), default="09:00-12:00,13:30-17:00")
    windows: Mapped[int] = mapped_column(default=1)  # windows taking appointments: citizens per slot
    slot_minutes: Mapped[int] = mapped_column(default=30)
    receive_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[Centre | None] = relationship(remote_side=[id])

    @property
    def place(self) -> Place:
        return Place(self.id, self.name, CentreLevel(self.level), self.parent_id, self.receive_only)

    def __str__(self) -> str:
        return self.name


class BookingState(enum.StrEnum):
    BOOKED = "booked"  # 已预约
    CHECKED_IN = "checked_in"  # 已签到
    CANCELLED = "cancelled"  # 已取消
    NO_SHOW = "no_show"  # 未到（爽约）


BOOKING_STATE_LABELS = {
    BookingState.BOOKED: "已预约",
    BookingState.CHECKED_IN: "已签到",
    BookingState.CANCELLED: "已取消",
    BookingState.NO_SHOW: "未到",
}


class Booking(Base):
    """A citizen's appointment (预约): one slot of one day at one centre for one item. The day and times are the
    hall's local time, as the citizen chose them."""

    __tablename__ = "booking"
    __table_args__ = (
        Index("ix_booking_centre_day", "centre_id", "day", "starts"),
        Index("ix_booking_citizen_day", "citizen_id", "day"),
        # The worker's no-show sweep: only the bookings still waiting for their citizen, by day.
        Index(
            "ix_booking_booked_day",
            "day",
            "ends",
            postgresql_where=text("state = 'booked'"),
            sqlite_where=text("state = 'booked'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id"))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    day: Mapped[date]
    starts: Mapped[str] = mapped_column(String(5))  # "09:30"
    ends: Mapped[str] = mapped_column(String(5))
    state: Mapped[str] = mapped_column(String(12), default=BookingState.BOOKED.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    centre: Mapped[Centre] = relationship()
    item: Mapped[ServiceItem] = relationship()
    citizen: Mapped[User] = relationship(foreign_keys=[citizen_id])
