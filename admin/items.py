"""Item authoring: an item's live and past versions, and the page where an admin drafts and publishes a new one."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from sqlalchemy import select

from admin.access import AdminAccess, items_in_scope, managed_item_or_404
from admin.builder.diff import bpmn_changes, form_changes, guide_changes
from admin.builder.targets import decision_names
from admin.draft_store import as_draft, draft_of, save_draft, stale_message, start_draft
from admin.drafts import Draft, draft_from_request, draft_from_version
from admin.modeler import modeler_settings
from admin.preview import preview_document, render_preview
from admin.publishing import publish_draft
from app.extensions import db
from app.models import ItemDraft, ItemKind, ItemVersion, ServiceItem
from app.models.base import utcnow
from app.services.case_tally import open_cases_by_version


def version_changes(old: ItemVersion, new: ItemVersion) -> dict[str, Any]:
    """Everything that changed from `old` to `new`: form and decision-form fields, guide, BPMN elements."""
    fields = form_changes((old.form_schema, old.form_ui), (new.form_schema, new.form_ui))
    for name in sorted(set(old.decision_forms or {}) | set(new.decision_forms or {})):
        before, after = (old.decision_forms or {}).get(name, {}), (new.decision_forms or {}).get(name, {})
        fields += form_changes((before, before.get("x-ui")), (after, after.get("x-ui")), f"决策表单 {name}")
    bpmn, marked = bpmn_changes(old.bpmn_files or {}, new.bpmn_files or {})
    return {"fields": fields, "guide": guide_changes(old.guide, new.guide), "bpmn": bpmn, "marked": marked}


def _get_item(item_id: int) -> ServiceItem:
    return managed_item_or_404(db.session.get(ServiceItem, item_id))


def _versions(item: ServiceItem) -> list[ItemVersion]:
    stmt = select(ItemVersion).where(ItemVersion.item_id == item.id).order_by(ItemVersion.number.desc())
    return list(db.session.scalars(stmt))


class ItemAuthoringView(AdminAccess, BaseView):
    department_admins_allowed = True

    @expose("/")
    def index(self) -> Any:
        stmt = (
            select(ServiceItem)
            .where(items_in_scope(current_user), ServiceItem.kind != ItemKind.BUNDLE.value)  # bundles: admin/bundles.py
            .order_by(ServiceItem.code)
        )
        items = list(db.session.scalars(stmt))
        running = open_cases_by_version([i.id for i in items])
        return self.render("admin/authoring/index.html", items=items, running=running)

    @expose("/<int:item_id>/")
    def item(self, item_id: int) -> Any:
        item = _get_item(item_id)
        return self.render(
            "admin/authoring/item.html",
            item=item,
            versions=_versions(item),
            running=open_cases_by_version([item.id]),
            draft=draft_of(item),
        )

    @expose("/<int:item_id>/versions/<int:version_id>/retire", methods=["POST"])
    def retire(self, item_id: int, version_id: int) -> Any:
        """Stop a published version taking new applications; its running cases go on under it."""
        item = _get_item(item_id)
        version = db.session.get(ItemVersion, version_id)
        if version is None or version.item_id != item.id:
            abort(404)
        if version.retired_at is None:
            version.retired_at = utcnow()
            db.session.commit()
            live = "（在用版本：此事项暂停受理新申请，直至发布新版本）" if version.id == item.live_version_id else ""
            flash(f"已停用第 {version.number} 版{live}；在办案件照常办理。", "success")
        return redirect(url_for(".item", item_id=item_id))

    @expose("/<int:item_id>/diff")
    def diff(self, item_id: int) -> Any:
        item = _get_item(item_id)
        versions = {v.id: v for v in _versions(item)}
        old = versions.get(request.args.get("a", type=int) or 0)
        new = versions.get(request.args.get("b", type=int) or 0)
        changes = version_changes(old, new) if old and new else None
        return self.render(
            "admin/authoring/diff.html", item=item, versions=list(versions.values()), old=old, new=new, changes=changes
        )

    @expose("/<int:item_id>/new", methods=["GET", "POST"])
    def new_version(self, item_id: int) -> Any:
        """The advanced tab: every part of the draft as JSON and BPMN text (what the builder writes, too)."""
        item = _get_item(item_id)
        row = draft_of(item)
        if request.method == "GET":
            return self._edit_page(item, as_draft(row) if row else draft_from_version(item.live_version), row=row)
        draft, problems = draft_from_request(request.form, request.files)
        action = request.form.get("action")
        if action == "preview":
            return self._edit_page(item, draft, problems=problems, show_preview=True, row=row)
        if action == "save":
            if row is None:
                row = start_draft(item, current_user, None)
            seen = request.form.get("revision", type=int)
            if not save_draft(row, draft, current_user, seen):
                problems = [stale_message(row)]
                return self._edit_page(item, draft, problems=problems, row=row), 409
            db.session.commit()
            flash("草稿已保存", "success")
            return redirect(url_for(".new_version", item_id=item_id))
        if not problems:
            problems = publish_draft(item, draft)
            if not problems:
                return redirect(url_for(".item", item_id=item_id))
        return self._edit_page(item, draft, problems=problems, row=row), 422

    def _edit_page(
        self,
        item: ServiceItem,
        draft: Draft,
        *,
        problems: list[str] | None = None,
        show_preview: bool = False,
        row: ItemDraft | None = None,
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
            row=row,
            decision_names=decision_names(draft),
            modeler=modeler_settings(item, draft),
        )
