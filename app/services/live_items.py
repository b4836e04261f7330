"""What the public can apply for: items whose live version has not been retired."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import ItemVersion, ServiceItem
from app.services.errors import NotFound


def live_items() -> list[ServiceItem]:
    """Items with a live, unretired version, by item code (the guide list and the window's walk-in list)."""
    stmt = (
        select(ServiceItem)
        .join(ItemVersion, ItemVersion.id == ServiceItem.live_version_id)
        .where(ItemVersion.retired_at.is_(None))
        .order_by(ServiceItem.code)
    )
    return list(db.session.scalars(stmt))


def live_version(slug: str) -> tuple[ServiceItem, ItemVersion]:
    """The item and the version new applications bind to; NotFound (404) for an unknown or retired one."""
    item = db.session.scalar(
        select(ServiceItem).where(ServiceItem.slug == slug).options(joinedload(ServiceItem.live_version))
    )
    if item is None or item.live_version is None or item.live_version.retired_at is not None:
        raise NotFound("事项不存在或已停用")
    return item, item.live_version
