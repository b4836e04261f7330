"""Service items and their immutable published versions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, JsonDoc, utcnow
from app.models.people import Department, User


class ItemKind(enum.StrEnum):
    IMMEDIATE = "immediate"
    PROMISED = "promised"
    JOINT = "joint"
    REFERRED = "referred"
    BUNDLE = "bundle"  # 一件事: composed from other items (app/models/bundles.py), never authored as one


class ServiceItem(Base):
    __tablename__ = "service_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    statutory_days: Mapped[int] = mapped_column(default=0)
    promised_days: Mapped[int] = mapped_column(default=0)
    # Where the item is accepted (app/domain/centres.py): levels "district,street,community", or any centre (全区通办).
    accept_levels: Mapped[str] = mapped_column(String(64), default="district", server_default="district")
    handle_anywhere: Mapped[bool] = mapped_column(default=False, server_default=false())
    live_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("item_version.id", use_alter=True, name="fk_service_item_live_version"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    department: Mapped[Department] = relationship()
    live_version: Mapped[ItemVersion | None] = relationship(foreign_keys=[live_version_id], post_update=True)

    def __str__(self) -> str:
        return self.name


# The form, decision forms and guide load together, and only when a page or a cache miss needs them.
_CONTENT: dict[str, object] = {"deferred": True, "deferred_group": "content"}


class ItemVersion(Base):
    """Everything a case needs, frozen at publish time: form, approval path, guide."""

    __tablename__ = "item_version"
    __table_args__ = (UniqueConstraint("item_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id"), index=True)
    number: Mapped[int]
    form_schema: Mapped[dict[str, Any]] = mapped_column(JsonDoc, **_CONTENT)
    form_ui: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict, **_CONTENT)
    decision_forms: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict, **_CONTENT)
    # Heavy, immutable content: loaded when a page shows it or a cache misses, never with every case row.
    bpmn_files: Mapped[dict[str, str]] = mapped_column(JsonDoc, deferred=True)
    process_id: Mapped[str] = mapped_column(String(200))
    approval_package: Mapped[str] = mapped_column(Text, deferred=True)
    guide: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict, **_CONTENT)
    # Who may see which fields (app/domain/field_sight.py): {"fields": {name: section}, "sections": {section:
    # {"title", "departments"}}}; None: every reader of the case sees every field. Bundles always have one.
    field_sight: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    retired_at: Mapped[datetime | None]

    item: Mapped[ServiceItem] = relationship(foreign_keys=[item_id])
    published_by: Mapped[User | None] = relationship()

    @property
    def cache_key(self) -> str:
        # Compiled specs and forms are cached under this key; the publish time makes it unique even where a
        # database reuses ids of deleted rows (SQLite), so a cache can never hand one item another's form.
        return f"item-version-{self.id}-{self.published_at:%Y%m%d%H%M%S%f}"


class ItemDraft(Base):
    """The one unpublished version an item's admins are working on, kept between visits.

    `content` holds what the admins typed (texts, so even invalid JSON is never lost); `revision` goes up with
    every save, so an admin saving over someone else's newer change is told instead of overwriting it.
    """

    __tablename__ = "item_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id", ondelete="CASCADE"), unique=True)
    content: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    based_on_version_id: Mapped[int | None] = mapped_column(ForeignKey("item_version.id"))
    revision: Mapped[int] = mapped_column(default=1)
    # Who opened or saved it and when ({user id: ISO time}), to tell two admins about each other.
    editors: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[ServiceItem] = relationship()
    based_on: Mapped[ItemVersion | None] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
