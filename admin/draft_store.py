"""Server-side drafts: an item's unpublished version, kept between visits, with who else is working on it.

Functions take model objects and flush; the request commits (STYLE.md). Admins see each other's names here,
never anyone else's.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from admin.builder.starter import BPMN_FILE, starter_path
from admin.drafts import Draft, draft_from_version
from app.extensions import db
from app.models import ItemDraft, ItemVersion, ServiceItem, User
from app.models.base import utcnow

# Someone who opened or saved the draft this recently is "also editing" it.
EDITING_WINDOW = timedelta(minutes=30)


def draft_of(item: ServiceItem) -> ItemDraft | None:
    return db.session.scalar(select(ItemDraft).where(ItemDraft.item_id == item.id))


def as_draft(row: ItemDraft) -> Draft:
    content = dict(row.content)
    content["bpmn"] = [tuple(pair) for pair in content.get("bpmn", [])]
    return Draft(**{k: v for k, v in content.items() if k in Draft.__dataclass_fields__})


def blank_draft(process_id: str = "") -> Draft:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {}}
    return Draft(
        process_id=process_id,
        form_schema=json.dumps(schema, ensure_ascii=False, indent=2),
        form_ui="{}",
        decision_forms="{}",
        guide="{}",
    )


def start_draft(item: ServiceItem, user: User, source: ItemVersion | None, *, blank: bool = False) -> ItemDraft:
    """A new draft from a published version (or a blank form keeping the version's approval path); an item never
    published starts with a starter approval path (admin/builder/starter.py)."""
    row = draft_of(item)
    base = source or item.live_version
    draft = draft_from_version(base)
    if base is None:  # a brand-new item: a starter path to publish with, changed in the modeler
        starter = starter_path(item.code, item.name, item.department.code, item.department.name)
        draft.process_id, draft.decision_forms = starter["process_id"], starter["decision_forms"]
        draft.bpmn = [(BPMN_FILE, starter["bpmn"])]
    if blank:
        # A new start: an empty form and guide; the approval path and its decision forms stay (the BPMN needs them).
        fresh = blank_draft(draft.process_id)
        draft.form_schema, draft.form_ui, draft.guide = fresh.form_schema, fresh.form_ui, fresh.guide
    if row is None:
        row = ItemDraft(item_id=item.id, created_by_id=user.id, revision=0, editors={})
        db.session.add(row)
    row.based_on_version_id = base.id if base is not None else None
    return _store(row, draft, user)


def _store(row: ItemDraft, draft: Draft, user: User) -> ItemDraft:
    row.content = asdict(draft)
    row.revision = (row.revision or 0) + 1
    row.updated_by_id = user.id
    row.updated_at = utcnow()
    note_editor(row, user)
    db.session.flush()
    return row


def save_draft(row: ItemDraft, draft: Draft, user: User, seen_revision: int | None) -> bool:
    """Store the draft unless someone saved a newer revision since this admin loaded it (then False)."""
    if seen_revision is not None and seen_revision != row.revision:
        return False
    _store(row, draft, user)
    return True


def note_editor(row: ItemDraft, user: User) -> None:
    editors = dict(row.editors or {})
    editors[str(user.id)] = utcnow().isoformat(timespec="seconds")
    row.editors = editors


def other_editors(row: ItemDraft, user: User) -> list[dict[str, Any]]:
    """The other admins who opened or saved this draft within the editing window, newest first."""
    since = utcnow() - EDITING_WINDOW
    recent = {
        int(uid): at for uid, at in (row.editors or {}).items() if int(uid) != user.id and at >= since.isoformat()
    }
    if not recent:
        return []
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(recent)))}
    found = [{"name": users[uid].display_name, "at": at} for uid, at in recent.items() if uid in users]
    return sorted(found, key=lambda e: e["at"], reverse=True)


def discard_draft(row: ItemDraft) -> None:
    db.session.delete(row)
    db.session.flush()


def stale_message(row: ItemDraft) -> str:
    who = row.updated_by.display_name if row.updated_by else "另一位管理员"
    return f"{who} 于 {row.updated_at:%H:%M}（UTC）修改了此草稿，您这次的修改没有保存，以免覆盖对方的修改。"
