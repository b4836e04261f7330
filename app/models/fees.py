"""Fees (一个窗口收费): the one fee assessed on a case, its payment code and what became of it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, JsonDoc, utcnow
from app.models.cases import Application


class FeeState:
    ASSESSED = "assessed"  # 待缴费
    PAID = "paid"  # 已缴费
    WAIVED = "waived"  # 已减免
    REFUNDED = "refunded"  # 已退费


class Fee(Base):
    __tablename__ = "fee"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), unique=True)
    amount_cents: Mapped[int]
    rule: Mapped[dict[str, Any]] = mapped_column(JsonDoc)  # the guide's rule as it was assessed, with legal basis
    payment_code: Mapped[str] = mapped_column(String(32), unique=True)
    state: Mapped[str] = mapped_column(String(16), default=FeeState.ASSESSED)
    assessed_at: Mapped[datetime] = mapped_column(default=utcnow)
    paid_at: Mapped[datetime | None]
    method: Mapped[str | None] = mapped_column(String(16))  # cash, card, online
    transaction_ref: Mapped[str | None] = mapped_column(String(100))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str | None] = mapped_column(Text)  # why waived or refunded
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    application: Mapped[Application] = relationship()
