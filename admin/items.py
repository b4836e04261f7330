"""Item authoring: an item's live and past versions, and the page where an admin drafts and publishes a new one."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from admin.access import AdminAccess, items_in_scope, managed_item_or_404
from admin.drafts import Draft, content_from_draft, draft_from_request, draft_from_version
from admin.preview import preview_document, render_preview
from app.domain.lifecycle import FINAL
from app.extensions import db
from app.models import Application, ItemVersion, ServiceItem
from app.services.catalog import publish_item_version
from app.services.errors import PublishRefused


def running_cases_by_version(item_ids: list[int]) -> dict[int, int]:
    """Count of cases not yet in a final status, per item version id."""
    stmt = (
        select(Application.item_version_id, func.count())
        .join(ItemVersion, ItemVersion.id == Application.item_version_id)
        .where(ItemVersion.item_id.in_(item_ids), Application.status.not_in([s.value for s in FINAL]))
        .group_by(Application.item_version_id)
    )
    return {version_id: count for version_id, count in db.session.execute(stmt)}


def _get_item(item_id: int) -> ServiceItem:
    return managed_item_or_404(db.session.get(ServiceItem, item_id))


def _versions(item: ServiceItem) -> list[ItemVersion]:
    stmt = select(ItemVersion).where(ItemVersion.item_id == item.id).order_by(ItemVersion.number.desc())
    return list(db.session.scalars(stmt))


class ItemAuthoringView(AdminAccess, BaseView):
    department_admins_allowed = True

    @expose("/")
    def index(self) -> Any:
        stmt = select(ServiceItem).where(items_in_scope(current_user)).order_by(ServiceItem.code)
        items = list(db.session.scalars(stmt))
        running = running_cases_by_version([i.id for i in items])
        return self.render("admin/authoring/index.html", items=items, running=running)

    @expose("/<int:item_id>/")
    def item(self, item_id: int) -> Any:
        item = _get_item(item_id)
        return self.render(
            "admin/authoring/item.html",
            item=item,
            versions=_versions(item),
            running=running_cases_by_version([item.id]),
        )

    @expose("/<int:item_id>/new", methods=["GET", "POST"])
    def new_version(self, item_id: int) -> Any:
        item = _get_item(item_id)
        if request.method == "GET":
            return self._edit_page(item, draft_from_version(item.live_version))
        draft, problems = draft_from_request(request.form, request.files)
        if request.form.get("action") == "preview":
            return self._edit_page(item, draft, problems=problems, show_preview=True)
        if not problems:
            problems = self._publish(item, draft)
            if not problems:
                return redirect(url_for(".item", item_id=item_id))
        return self._edit_page(item, draft, problems=problems), 422

    def _publish(self, item: ServiceItem, draft: Draft) -> list[str]:
        """Publish and commit, or roll back and return every problem (nothing is stored then)."""
        content, problems = content_from_draft(draft)
        if content is None:
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
        db.session.commit()
        flash(f"已发布“{item.name}”第 {version.number} 版，新申请将使用此版本；在办案件仍按原版本办理。", "success")
        return []

    def _edit_page(
        self, item: ServiceItem, draft: Draft, *, problems: list[str] | None = None, show_preview: bool = False
    ) -> Any:
        preview_fields, preview_problems = render_preview(draft.form_schema, draft.form_ui)
        return self.render(
            "admin/authoring/new_version.html",
            item=item,
            draft=draft,
            problems=problems or [],
            preview_srcdoc=preview_document(preview_fields) if preview_fields is not None else "",
            preview_problems=preview_problems,
            show_preview=show_preview,
        )
