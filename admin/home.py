"""The admin's home page: their items, drafts, recent publishes, running cases per version and open incidents."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from admin.access import items_in_scope
from app.extensions import db
from app.models import Application, ItemDraft, ItemVersion, ServiceItem


def home_data(user: Any) -> dict[str, Any]:
    from app.services.case_tally import open_cases_by_version

    scope = items_in_scope(user)
    items = list(db.session.scalars(select(ServiceItem).where(scope).order_by(ServiceItem.code)))
    drafts = list(
        db.session.scalars(
            select(ItemDraft).join(ServiceItem, ServiceItem.id == ItemDraft.item_id).where(scope)
            .order_by(ItemDraft.updated_at.desc())
        )
    )  # fmt: skip
    published = list(
        db.session.scalars(
            select(ItemVersion).join(ServiceItem, ServiceItem.id == ItemVersion.item_id).where(scope)
            .order_by(ItemVersion.published_at.desc()).limit(10)
        )
    )  # fmt: skip
    incidents = list(
        db.session.scalars(
            select(Application)
            .join(ItemVersion, ItemVersion.id == Application.item_version_id)
            .join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
            .where(scope, Application.incident.is_not(None))
            .order_by(Application.incident_at.desc())
            .limit(20)
        )
    )
    running = open_cases_by_version([i.id for i in items]) if items else {}
    versions = {
        v.id: v
        for v in db.session.scalars(select(ItemVersion).where(ItemVersion.id.in_(list(running))))
    }  # fmt: skip
    return {
        "items": items,
        "drafts": drafts,
        "published": published,
        "incidents": incidents,
        "running": sorted(
            ((versions[vid], n) for vid, n in running.items()), key=lambda p: (p[0].item.code, p[0].number)
        ),
    }
