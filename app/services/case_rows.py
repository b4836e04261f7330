"""A case as one plain row for the JSON API: :class:`~app.services.read_models.CaseRow`'s fields, with the item's
slug and the version's number joined in, read without building ORM objects (a citizen checking a case's status is
the API's most frequent read)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, bindparam, select

from app.extensions import db
from app.models import Application, ItemVersion, ServiceItem
from app.services.errors import NotFound

_CASE_ROW = (
    select(
        Application.id,
        Application.applicant_id,
        Application.entered_by_id,
        Application.tracking_number,
        ServiceItem.slug.label("item"),
        ServiceItem.kind.label("kind"),
        ItemVersion.number.label("version"),
        Application.status,
        Application.outcome,
        Application.submitted_at,
        Application.accepted_at,
        Application.due_date,
        Application.finished_at,
        Application.data,
        ItemVersion.field_sight,
    )
    .join(Application.item_version)
    .join(ItemVersion.item)
    .where(Application.tracking_number == bindparam("tracking_number"))
)


def case_row(tracking_number: str) -> Row[Any]:
    """The case with this tracking number as a row with CaseRow's fields; NotFound when there is none."""
    row = db.session.connection().execute(_CASE_ROW, {"tracking_number": tracking_number}).first()
    if row is None:
        raise NotFound("未找到该受理编号")
    return row
