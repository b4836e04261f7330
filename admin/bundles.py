"""一件事 (bundles) in the admin: compose from published items, preview the merged form and orchestration, publish.

Department admins manage the bundles their department takes part in: the ones it leads and the ones with a member
item of theirs (admin/access.py may_manage_bundle, issue 18). Any published item may be a member (members stay
their own departments' items), but a department admin's bundle always has one of their own department's items in
it: they compose what they take part in, not other departments' items among themselves. The platform admin
composes any. The page always shows what publishing would produce
(the merged form with its shared and per-item sections, how differently defined fields were merged, the parallel
orchestration, the merged guide) or, instead, every conflict that refuses it, named.
"""

from __future__ import annotations

import re
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from sqlalchemy import select

from admin.access import AdminAccess, admin_department_id, may_manage_bundle
from app.extensions import db
from app.models import Bundle, Department, ItemKind, ItemVersion, ServiceItem
from app.services import bundles as bundle_service
from app.services.bundle_files import GUIDE_KEYS
from app.services.errors import PublishRefused
from forms import compile_form

_CODE = re.compile(r"^[A-Za-z0-9_-]{2,60}$")
GUIDE_FIELDS = tuple(zip(GUIDE_KEYS, ("简介", "办理地点", "办理时间", "咨询电话"), strict=True))


class BundleView(AdminAccess, BaseView):
    department_admins_allowed = True

    @expose("/")
    def index(self) -> Any:
        rows = [
            (b, bundle_service.live_bundle_version(b), bundle_service.stale_members(b))
            for b in bundle_service.all_bundles()
            if may_manage_bundle(current_user, b)
        ]
        return self.render("admin/bundles/index.html", rows=rows)

    @expose("/new", methods=["GET", "POST"])
    def new(self) -> Any:
        departments = self._departments()
        errors: list[str] = []
        if request.method == "POST":
            code, slug, name = (request.form.get(k, "").strip() for k in ("code", "slug", "name"))
            department = db.session.get(Department, request.form.get("department_id", type=int) or 0)
            errors = _new_problems(code, slug, name, department, departments)
            if not errors:
                assert department is not None
                bundle = bundle_service.create_bundle(
                    code=code,
                    slug=slug,
                    name=name,
                    department=department,
                    members=[],
                    life_event=request.form.get("life_event", "").strip(),
                )
                db.session.commit()
                flash("已创建一件事，请选择成员事项")
                return redirect(url_for(".edit", bundle_id=bundle.id))
        return self.render("admin/bundles/new.html", departments=departments, errors=errors, values=request.form)

    @expose("/<int:bundle_id>", methods=["GET", "POST"])
    def edit(self, bundle_id: int) -> Any:
        bundle = self._bundle(bundle_id)
        if request.method == "POST":
            chosen = [int(i) for i in request.form.getlist("member") if i.isdecimal()]
            candidates = {i.id: i for i in _candidates()}
            members = [i for i in chosen if i in candidates]
            own = admin_department_id(current_user)
            if own is not None and members and all(candidates[i].department_id != own for i in members):
                flash("一件事须包含本部门的事项：请至少选择一个本部门已发布的事项", "error")
                return redirect(url_for(".edit", bundle_id=bundle.id))
            bundle.member_item_ids = members
            bundle.all_or_nothing = request.form.get("all_or_nothing") == "1"
            bundle.life_event = request.form.get("life_event", "").strip()
            bundle.guide = {k: request.form.get(k, "").strip() for k, _ in GUIDE_FIELDS if request.form.get(k)}
            db.session.commit()
            flash("已保存；下方是发布后的效果预览")
            return redirect(url_for(".edit", bundle_id=bundle.id))
        preview, problems = _preview(bundle)
        return self.render(
            "admin/bundles/edit.html",
            bundle=bundle,
            candidates=_candidates(),
            guide_fields=GUIDE_FIELDS,
            preview=preview,
            problems=problems,
            live=bundle_service.live_bundle_version(bundle),
            stale=bundle_service.stale_members(bundle),
        )

    @expose("/<int:bundle_id>/publish", methods=["POST"])
    def publish(self, bundle_id: int) -> Any:
        bundle = self._bundle(bundle_id)
        try:
            version = bundle_service.publish_bundle(bundle, actor=current_user)
        except PublishRefused as exc:
            db.session.rollback()
            flash(f"{exc.message}：" + "；".join(exc.details or []), "error")
        else:
            db.session.commit()
            flash(f"已发布“{bundle.item.name}”第 {version.number} 版")
        return redirect(url_for(".edit", bundle_id=bundle_id))

    def _bundle(self, bundle_id: int) -> Bundle:
        bundle = db.session.get(Bundle, bundle_id)
        if bundle is None or not may_manage_bundle(current_user, bundle):
            abort(404)
        return bundle

    def _departments(self) -> list[Department]:
        own = admin_department_id(current_user)
        stmt = select(Department).order_by(Department.code)
        return list(db.session.scalars(stmt if own is None else stmt.where(Department.id == own)))


def _new_problems(code: str, slug: str, name: str, department: Any, departments: list[Department]) -> list[str]:
    problems = []
    if not _CODE.match(code):
        problems.append("编码：2–60 位字母、数字、-、_")
    if not _CODE.match(slug):
        problems.append("网址名（slug）：2–60 位字母、数字、-、_")
    if not name:
        problems.append("名称：必填")
    if department is None or department not in departments:
        problems.append("牵头部门：请选择本部门")
    taken = db.session.scalar(select(ServiceItem.id).where((ServiceItem.code == code) | (ServiceItem.slug == slug)))
    if taken is not None:
        problems.append("编码或网址名已被其他事项使用")
    return problems


def _candidates() -> list[ServiceItem]:
    """Published items that may be members: live, not retired, not bundles themselves."""
    stmt = (
        select(ServiceItem)
        .join(ItemVersion, ItemVersion.id == ServiceItem.live_version_id)
        .where(ItemVersion.retired_at.is_(None), ServiceItem.kind != ItemKind.BUNDLE.value)
        .order_by(ServiceItem.code)
    )
    return list(db.session.scalars(stmt))


def _preview(bundle: Bundle) -> tuple[dict[str, Any] | None, list[str]]:
    """What publishing would store, for the page; or every problem refusing it."""
    try:
        composition = bundle_service.compose(bundle)
    except PublishRefused as exc:
        return None, [exc.message, *(exc.details or [])]
    form = compile_form(composition.form.schema, composition.form.ui)
    properties = composition.form.schema.get("properties", {})
    sections = [
        {"title": s["title"], "fields": [f"{properties.get(n, {}).get('title') or n}（{n}）" for n in s["fields"]]}
        for s in composition.form.ui.get("ui:sections", [])
    ]
    return {
        "fields": form.render(None, None),
        "sections": sections,
        "shared_by": composition.form.shared_by,
        "resolutions": composition.form.resolutions,
        "members": composition.members,
        "guide": composition.guide,
        "promised_days": composition.promised_days,
    }, []
