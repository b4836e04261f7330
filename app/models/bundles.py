"""Bundles (一件事): several published items applied for with one form, approved in parallel, issued together.

A bundle is a catalogue entry of its own (a ``ServiceItem`` of kind ``bundle``, so the portal, the window, the
tracking number, the clock and supervision treat its cases like any other); each published ``BundleVersion`` is
frozen with the member versions it was composed from and points at the ``ItemVersion`` holding the composed form
and orchestration. A member publishing a new version leaves a live bundle version as it is until the bundle is
published again: the admin sees it as stale.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, JsonDoc, utcnow
from app.models.catalog import ItemVersion, ServiceItem
from app.models.people import User


class Bundle(Base):
    """What the admin composes: member items (by id, in order), all-or-nothing, and the bundle's own guide."""

    __tablename__ = "bundle"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id", ondelete="CASCADE"), unique=True)
    life_event: Mapped[str] = mapped_column(String(100), default="")
    all_or_nothing: Mapped[bool] = mapped_column(default=False)
    member_item_ids: Mapped[list[int]] = mapped_column(JsonDoc, default=list)
    guide: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[ServiceItem] = relationship()

    def __str__(self) -> str:
        return self.item.name if self.item else f"bundle {self.id}"


class BundleVersion(Base):
    """A published bundle: the member versions it was composed from and the composed item version."""

    __tablename__ = "bundle_version"
    __table_args__ = (UniqueConstraint("bundle_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("bundle.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_version.id"), unique=True)
    # [{item_id, version_id, version, code, name, department, departments, promised_days, call}], in order
    members: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc)
    all_or_nothing: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    bundle: Mapped[Bundle] = relationship()
    item_version: Mapped[ItemVersion] = relationship()
    published_by: Mapped[User | None] = relationship()
