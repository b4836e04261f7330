"""Publishing a draft as an immutable version: checked first with problems in Chinese naming the builder's place,
then handed to the catalogue service (which checks the BPMN and stores nothing on any problem)."""

from __future__ import annotations

from flask import flash
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from admin.drafts import Draft, content_from_draft
from admin.problem_text import decision_upload_problems, form_problems
from app.extensions import db
from app.models import ServiceItem
from app.services.catalog import decision_ui, publish_item_version
from app.services.data_elements import expand_form_schema
from app.services.errors import PublishRefused


def publish_draft(item: ServiceItem, draft: Draft) -> list[str]:
    """Publish and commit, or roll back and return every problem (nothing is stored then)."""
    content, problems = content_from_draft(draft)
    if content is None:
        return problems
    try:
        expanded = expand_form_schema(content.form_schema)
    except PublishRefused as exc:
        return list(exc.details or [exc.message])  # type: ignore[call-overload]
    problems = form_problems("申请表", expanded, content.form_ui)
    for name, schema in content.decision_forms.items():
        plain = {k: v for k, v in schema.items() if k != "x-ui"} if isinstance(schema, dict) else schema
        problems += form_problems(f"决策表单 {name}", plain, decision_ui(schema))
        problems += decision_upload_problems(name, plain, decision_ui(schema))
    if problems:
        return problems
    if item.live_version is not None and content.same_as(item.live_version):
        return [f"内容与在用版本 {item.live_version.number} 完全相同，无需发布新版本"]
    try:
        version = publish_item_version(item, content, actor=current_user._get_current_object())
    except PublishRefused as exc:
        db.session.rollback()
        return list(exc.details or [exc.message])  # type: ignore[call-overload]
    except IntegrityError:
        # Two admins published this item at the same moment: the version number is unique per item.
        db.session.rollback()
        return ["另一位管理员刚刚发布了此事项的新版本，请查看最新版本后重试（本次未保存）"]
    _take_days_from_guide(item, content.guide)
    from admin.draft_store import discard_draft, draft_of

    row = draft_of(item)
    if row is not None:
        discard_draft(row)
    db.session.commit()
    flash(f"已发布“{item.name}”第 {version.number} 版，新申请将使用此版本；在办案件仍按原版本办理。", "success")
    return []


def _take_days_from_guide(item: ServiceItem, guide: dict) -> None:
    """The guide editor's working-day limits become the item's (the clock reads them from the item)."""
    statutory, promised = guide.get("statutory_days"), guide.get("promised_days")
    if isinstance(statutory, int) and isinstance(promised, int) and 0 <= promised <= statutory:
        item.statutory_days, item.promised_days = statutory, promised
