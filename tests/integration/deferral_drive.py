"""A case of the demo item whose guide lists a deferrable material (生活饮用水供水单位卫生许可), for the 容缺受理
tests of services, pages and the API."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from tests.factories import DEMO, new_token

DEFERRING_ITEM = "11440199007495413A4442111012"
DEFERRABLE = "供水设施卫生管理制度及从业人员健康合格证明"
NOT_DEFERRABLE = "水质检测报告"


def sample() -> dict[str, Any]:
    return json.loads((DEMO / DEFERRING_ITEM / "sample.json").read_text())


def submit_deferring_case(username: str = "citizen") -> int:
    """Submit the item as ``username`` and commit; the case id."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import ItemVersion, ServiceItem
    from app.services import cases
    from tests.integration.drive import user

    item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == DEFERRING_ITEM))
    version = db.session.get(ItemVersion, item.live_version_id)
    application = cases.submit_application(
        version=version, applicant=user(username), form_data=sample(), submission_token=new_token()
    )
    db.session.commit()
    return application.id


def in_days(days: int) -> str:
    from app.services.now import today

    return (today() + timedelta(days=days)).isoformat()
