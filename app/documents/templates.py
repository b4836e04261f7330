"""Which wording a document gets: the item's own template, else the admin's template of the kind, else built in."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.documents.kinds import BUILT_IN, Wording
from app.extensions import db
from app.models import DocumentTemplate


def wording_for(kind: str, item_id: int | None) -> Wording:
    rows = db.session.scalars(
        select(DocumentTemplate).where(
            DocumentTemplate.kind == kind,
            or_(DocumentTemplate.item_id.is_(None), DocumentTemplate.item_id == item_id),
        )
    ).all()
    for row in sorted(rows, key=lambda r: r.item_id is None):  # the item's own first
        return Wording(row.title, row.body, row.fields or "")
    return BUILT_IN[kind]


def particulars(fields: str) -> list[tuple[str, str]]:
    """``label: template`` lines as pairs (a line without a colon is a label with nothing after it)."""
    pairs = []
    for line in (fields or "").splitlines():
        if not line.strip():
            continue
        label, sep, value = line.partition(":")
        if not sep:
            label, sep, value = line.partition("：")
        pairs.append((label.strip(), value.strip()))
    return pairs
