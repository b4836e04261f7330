"""The builder pages of an item's draft: start it, build its forms field by field, fill its guide, publish or
discard it. Every button is a form post that works without JavaScript; admin/static/builder.js adds drag to
reorder and a live preview. Thin: the work is in admin/builder/ and admin/draft_store.py.
"""

from __future__ import annotations

import json
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user

from admin.access import AdminAccess, managed_item_or_404
from admin.builder import operations as ops
from admin.builder.guide_form import (
    FORMS,
    NEEDS,
    ONLINE_LEVELS,
    TEXT_FIELDS,
    guide_from_form,
    guide_model,
    link_material,
    material_choices,
)
from admin.builder.model import ELEMENT_KIND, KINDS, OPERATORS
from admin.builder.targets import (
    APPLICATION,
    DECISION_KINDS_REFUSED,
    add_decision,
    decision_names,
    load_target,
    remove_decision,
    store_target,
    target_texts,
)
from admin.draft_store import (
    as_draft,
    discard_draft,
    draft_of,
    note_editor,
    other_editors,
    save_draft,
    stale_message,
    start_draft,
)
from admin.drafts import Draft
from admin.preview import preview_document, render_preview
from admin.publishing import publish_draft
from app.extensions import db
from app.models import ItemDraft, ItemVersion, ServiceItem


def element_kinds() -> dict[str, str]:
    """The data elements an application form may add, as "add field" choices."""
    from app.services.data_elements import element_catalogue

    return {f"element:{key}": f"数据元：{e.label}" for key, e in sorted(element_catalogue().items())}


def element_labels() -> dict[str, str]:
    """Element key -> its Chinese name: an element's field without a title of its own is shown by it."""
    from app.services.data_elements import element_catalogue

    return {key: e.label for key, e in element_catalogue().items()}


def _item(item_id: int) -> ServiceItem:
    return managed_item_or_404(db.session.get(ServiceItem, item_id))


def _versions(item: ServiceItem) -> list[ItemVersion]:
    return list(
        db.session.scalars(
            db.select(ItemVersion).where(ItemVersion.item_id == item.id).order_by(ItemVersion.number.desc())
        )
    )


class DraftView(AdminAccess, BaseView):
    department_admins_allowed = True

    def is_visible(self) -> bool:
        return False

    # --- start / overview ----------------------------------------------------------------------------------

    @expose("/")
    def index(self) -> Any:
        return redirect(url_for("admin.index"))

    @expose("/<int:item_id>/")
    def start(self, item_id: int) -> Any:
        item = _item(item_id)
        row = draft_of(item)
        if row is not None:
            return redirect(url_for(".form", item_id=item_id))
        return self.render("admin/drafts/start.html", item=item, versions=_versions(item))

    @expose("/<int:item_id>/start", methods=["POST"])
    def create(self, item_id: int) -> Any:
        item = _item(item_id)
        source = request.form.get("source", "live")
        version = None
        if source.startswith("version:") and source[8:].isdecimal():
            version = db.session.get(ItemVersion, int(source[8:]))
            if version is None or version.item_id != item.id:
                version = None
        if draft_of(item) is not None and request.form.get("replace") != "yes":
            flash("此事项已有草稿，已为您打开。", "info")
            return redirect(url_for(".form", item_id=item_id))
        start_draft(item, current_user, version, blank=source == "blank")
        db.session.commit()
        return redirect(url_for(".form", item_id=item_id))

    # --- the form builder -----------------------------------------------------------------------------------

    def _row(self, item: ServiceItem) -> ItemDraft | None:
        return draft_of(item)

    def _builder_page(
        self,
        item: ServiceItem,
        row: ItemDraft,
        draft: Draft,
        target_key: str,
        *,
        edit: str = "",
        problems: list[str] | None = None,
        posted: dict[str, Any] | None = None,
        status: int = 200,
    ) -> Any:
        target = load_target(draft, target_key)
        editing = None
        owner = None
        if target.model is not None and edit:
            try:
                editing = ops.field_at(target.model, ops.split_path(edit))
                owner = ops.container(target.model, ops.split_path(edit))
            except ops.BuilderError:
                editing = None
        schema_text, ui_text = target_texts(draft, target_key)
        fields, preview_problems = render_preview(schema_text, ui_text)
        guide = guide_model(draft.guide)
        page = self.render(
            "admin/drafts/builder.html",
            item=item,
            row=row,
            draft=draft,
            target=target,
            decisions=decision_names(draft),
            edit=edit,
            editing=editing,
            owner=owner,
            kinds={**KINDS, **element_kinds()}
            if target_key == APPLICATION
            else {k: v for k, v in KINDS.items() if k not in DECISION_KINDS_REFUSED},
            element_labels=element_labels(),
            operators=OPERATORS,
            options_text=ops.options_text,
            problems=problems or [],
            posted=posted,
            preview_srcdoc=preview_document(fields) if fields is not None else "",
            preview_problems=preview_problems,
            editors=other_editors(row, current_user),
            materials=material_choices(guide),
            section_of=lambda model, name: next((s for s in model.sections if name in s.fields), None),
        )
        return page, status

    @expose("/<int:item_id>/form", methods=["GET"])
    def form(self, item_id: int) -> Any:
        item = _item(item_id)
        row = self._row(item)
        if row is None:
            return redirect(url_for(".start", item_id=item_id))
        note_editor(row, current_user)
        db.session.commit()
        target = request.args.get("target", APPLICATION)
        return self._builder_page(item, row, as_draft(row), target, edit=request.args.get("edit", ""))

    @expose("/<int:item_id>/form", methods=["POST"])
    def change_form(self, item_id: int) -> Any:
        item = _item(item_id)
        row = self._row(item)
        if row is None:
            return redirect(url_for(".start", item_id=item_id))
        target_key = request.form.get("target", APPLICATION)
        draft = as_draft(row)
        seen = request.form.get("revision", type=int)
        if seen is not None and seen != row.revision:
            return self._builder_page(item, row, draft, target_key, problems=[stale_message(row)], status=409)
        op = request.form.get("op", "")
        path = request.form.get("path", "")
        try:
            target_key, edit = self._apply(draft, target_key, op, path)
        except ops.BuilderError as exc:
            return self._builder_page(
                item, row, draft, target_key, edit=path, problems=exc.problems, posted=request.form, status=422
            )
        save_draft(row, draft, current_user, seen)
        db.session.commit()
        anchor = f"#field-{edit.replace('/', '-')}" if edit else ""
        return redirect(url_for(".form", item_id=item_id, target=target_key, edit=edit or None) + anchor)

    def _apply(self, draft: Draft, target_key: str, op: str, path: str) -> tuple[str, str]:
        """Apply one builder operation to the draft; (target, path of the field to show open next)."""
        if op == "new_decision":
            try:
                return add_decision(draft, request.form.get("name", ""), request.form.get("title", "")), ""
            except ValueError as exc:
                raise ops.BuilderError([str(exc)]) from exc
        if op == "remove_decision":
            remove_decision(draft, target_key.split(":", 1)[1])
            return APPLICATION, ""
        target = load_target(draft, target_key)
        model = target.model
        if model is None:
            raise ops.BuilderError([f"{target.label}无法在设计器中修改：{target.reason}。请在“高级（JSON）”中修改。"])
        edit = path
        if op == "add":
            kind, label = request.form.get("kind", "text"), request.form.get("label", "")
            refused = DECISION_KINDS_REFUSED | {ELEMENT_KIND} if target_key != APPLICATION else frozenset()
            if kind.startswith("element:") and kind not in element_kinds():
                raise ops.BuilderError([f"数据元“{kind.split(':', 1)[1]}”不存在"])
            edit = ops.add_field(model, kind, label, into=request.form.get("into", ""), refused=refused)
        elif op == "update":
            edit = ops.update_field(model, path, request.form)
            if request.form.get("material") is not None:
                draft.guide = link_material(draft.guide, request.form.get("material", ""), edit)
        elif op in ("up", "down"):
            ops.move_field(model, path, delta=-1 if op == "up" else 1)
        elif op == "move":
            ops.move_field(model, path, to=request.form.get("to", type=int))
        elif op == "remove":
            ops.remove_field(model, path)
            edit = ""
        elif op == "sections":
            ops.set_sections(model, path, request.form)
            edit = path
        elif op == "title":
            model.title = request.form.get("form_title", "").strip()
            model.description = request.form.get("form_description", "").strip()
        else:
            raise ops.BuilderError([f"未知的操作：{op}"])
        store_target(draft, target_key, model)
        return target_key, edit

    @expose("/<int:item_id>/preview", methods=["POST"])
    def preview(self, item_id: int) -> Any:
        """The preview with the edit panel's unsaved values applied (for the live preview); nothing is stored."""
        item = _item(item_id)
        row = self._row(item)
        if row is None:
            return "", 404
        draft = as_draft(row)
        target_key = request.form.get("target", APPLICATION)
        path = request.form.get("path", "")
        target = load_target(draft, target_key)
        if target.model is not None and path:
            try:
                ops.update_field(target.model, path, request.form)
            except ops.BuilderError as exc:
                return render_template("admin/authoring/_problems.html", problems=exc.problems, title="无法预览"), 422
            store_target(draft, target_key, target.model)
        fields, problems = render_preview(*target_texts(draft, target_key))
        if fields is None:
            return render_template("admin/authoring/_problems.html", problems=problems, title="表单无法预览"), 422
        return preview_document(fields)

    # --- guide -----------------------------------------------------------------------------------------------

    @expose("/<int:item_id>/guide", methods=["GET", "POST"])
    def guide(self, item_id: int) -> Any:
        item = _item(item_id)
        row = self._row(item)
        if row is None:
            return redirect(url_for(".start", item_id=item_id))
        draft = as_draft(row)
        if request.method == "GET":
            note_editor(row, current_user)
            db.session.commit()
            return self._guide_page(item, row, draft, guide_model(draft.guide), [])
        guide, problems = guide_from_form(request.form)
        status = 422
        if not problems:
            draft.guide = json.dumps(guide, ensure_ascii=False, indent=2)
            if save_draft(row, draft, current_user, request.form.get("revision", type=int)):
                db.session.commit()
                if request.form.get("op", "").startswith(("add_", "remove_")):
                    return redirect(url_for(".guide", item_id=item_id) + "#materials")
                flash("办事指南已保存到草稿", "success")
                return redirect(url_for(".guide", item_id=item_id))
            problems, status = [stale_message(row)], 409
        return self._guide_page(item, row, draft, guide_model(guide), problems), status

    def _guide_page(
        self, item: ServiceItem, row: ItemDraft, draft: Draft, guide: dict[str, Any], problems: list[str]
    ) -> Any:
        if guide.get("statutory_days") in ("", None):
            guide["statutory_days"] = item.statutory_days
        if guide.get("promised_days") in ("", None):
            guide["promised_days"] = item.promised_days
        target = load_target(draft, APPLICATION)
        uploads = []
        if target.model is not None:
            uploads = [(f.name, f.label) for f in target.model.fields if f.kind == "upload"]
        return self.render(
            "admin/drafts/guide.html",
            item=item,
            row=row,
            guide=guide,
            uploads=uploads,
            decisions=decision_names(draft),
            problems=problems,
            needs=NEEDS,
            material_forms=FORMS,
            online_levels=ONLINE_LEVELS,
            text_fields=TEXT_FIELDS,
            editors=other_editors(row, current_user),
        )

    # --- publish / discard -----------------------------------------------------------------------------------

    @expose("/<int:item_id>/publish", methods=["POST"])
    def publish(self, item_id: int) -> Any:
        item = _item(item_id)
        row = self._row(item)
        if row is None:
            return redirect(url_for(".start", item_id=item_id))
        if request.form.get("revision", type=int) not in (None, row.revision):
            flash(stale_message(row), "error")
            return redirect(url_for(".form", item_id=item_id))
        problems = publish_draft(item, as_draft(row))
        if not problems:
            return redirect(url_for("authoring.item", item_id=item_id))
        row = self._row(item)
        assert row is not None
        return self._builder_page(item, row, as_draft(row), APPLICATION, problems=problems, status=422)

    @expose("/<int:item_id>/discard", methods=["POST"])
    def discard(self, item_id: int) -> Any:
        item = _item(item_id)
        row = self._row(item)
        if row is not None:
            discard_draft(row)
            db.session.commit()
            flash("草稿已放弃", "info")
        return redirect(url_for("authoring.item", item_id=item_id))
