"""Flask-Admin for department admins; set up inside the app factory so two apps can live in one process."""

from __future__ import annotations

from flask import Flask, abort, flash, redirect, request, url_for
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.actions import action
from flask_admin.contrib.sqla import ModelView
from flask_login import current_user

from admin.csp import init_admin_csp
from app.extensions import db
from app.models import Application, AuditEvent, Department, ItemVersion, Role, ServiceItem, User
from app.services.case_tally import move_item_cases


def _is_admin() -> bool:
    return current_user.is_authenticated and current_user.has_role(Role.ADMIN, Role.DEPARTMENT_ADMIN)


class SecureIndexView(AdminIndexView):
    @expose("/")
    def index(self):  # type: ignore[override]
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.url))
        if not _is_admin():
            abort(403)
        return super().index()


class SecureModelView(ModelView):
    def is_accessible(self) -> bool:
        return _is_admin()

    def inaccessible_callback(self, name, **kwargs):  # type: ignore[no-untyped-def]
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.url))
        abort(403)


class DepartmentView(SecureModelView):
    column_list = ("code", "name")
    column_labels = {"code": "部门代码", "name": "部门名称"}


class ServiceItemView(SecureModelView):
    column_list = ("code", "name", "kind", "department", "promised_days", "statutory_days", "live_version_id")
    column_labels = {
        "code": "事项编码",
        "name": "事项名称",
        "kind": "办件类型",
        "department": "部门",
        "promised_days": "承诺时限（工作日）",
        "statutory_days": "法定时限（工作日）",
        "live_version_id": "在用版本",
    }
    form_excluded_columns = ("live_version", "created_at")

    def on_model_change(self, form, model, is_created):  # type: ignore[no-untyped-def]
        # The form remembers the department it was opened with; the item's open cases follow it to the new one.
        previous = None if is_created else form.department.object_data
        if previous is not None and model.department is not None:
            move_item_cases(model.id, previous.id, model.department.id)


class ItemVersionView(SecureModelView):
    # Published versions are immutable: admins may look, never edit.
    can_create = False
    can_edit = False
    can_delete = False
    can_view_details = True
    column_list = ("item", "number", "process_id", "published_at", "retired_at")
    column_labels = {"item": "事项", "number": "版本", "published_at": "发布时间", "retired_at": "停用时间"}


class UserView(SecureModelView):
    column_list = ("username", "display_name", "department", "active")
    column_exclude_list = ("password_hash",)
    form_excluded_columns = ("password_hash", "role_rows", "session_version", "credential_version")


class AuditEventView(SecureModelView):
    can_create = False
    can_edit = False
    can_delete = False
    column_default_sort = ("at", True)
    column_list = ("at", "actor_name", "action", "application_id", "note")


class IncidentView(SecureModelView):
    """Cases whose background step failed for good; "重试" queues the failed steps again."""

    can_create = False
    can_edit = False
    can_delete = False
    column_list = ("tracking_number", "status", "incident", "incident_at")
    column_labels = {"tracking_number": "受理编号", "status": "状态", "incident": "故障", "incident_at": "发生时间"}

    def get_query(self):  # type: ignore[no-untyped-def]
        return super().get_query().filter(Application.incident.is_not(None))

    def get_count_query(self):  # type: ignore[no-untyped-def]
        return super().get_count_query().filter(Application.incident.is_not(None))

    @action("retry", "重试", "重新执行所选办件的失败步骤？")
    def action_retry(self, ids: list[str]) -> None:
        from app.services.worker import retry_incident

        # Flask-Admin posts the ids as strings; PostgreSQL will not compare them with an integer column.
        numbers = [int(i) for i in ids]
        for application in db.session.scalars(db.select(Application).where(Application.id.in_(numbers))):
            retry_incident(application, current_user)
        db.session.commit()
        flash(f"已重新排队 {len(ids)} 个办件的失败步骤")


def init_admin(app: Flask) -> Admin:
    admin = Admin(app, name="一窗 · 管理后台", index_view=SecureIndexView(url="/admin"))
    admin.add_view(DepartmentView(Department, db, name="部门"))
    admin.add_view(ServiceItemView(ServiceItem, db, name="事项"))
    admin.add_view(ItemVersionView(ItemVersion, db, name="已发布版本"))
    admin.add_view(UserView(User, db, name="用户"))
    admin.add_view(AuditEventView(AuditEvent, db, name="审计日志"))
    admin.add_view(IncidentView(Application, db, name="故障办件", endpoint="incidents"))
    from admin.authoring import register_authoring

    register_authoring(app, admin)
    init_admin_csp(app)
    return admin
