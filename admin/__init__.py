"""Flask-Admin for department admins; set up inside the app factory so two apps can live in one process."""

from __future__ import annotations

from flask import Flask, flash
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext
from flask_admin.contrib.sqla import ModelView
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from wtforms.validators import ValidationError

from admin.access import AdminAccess, admin_department_id, items_in_scope, may_manage_item
from admin.centres import (
    BOOKING_FORMATTERS,
    BOOKING_LABELS,
    CENTRE_CHOICES,
    CENTRE_DESCRIPTIONS,
    CENTRE_LABELS,
    LEVEL_FORMATTER,
    check_accept_levels,
    check_centre,
)
from admin.csp import init_admin_csp
from admin.users import ChiefRepresentativeRight, role_words
from admin.words import TranslatedLabels, _l
from app.extensions import db
from app.models import (
    Application,
    AuditEvent,
    Booking,
    Centre,
    DataElement,
    Department,
    ItemKind,
    ItemVersion,
    ServiceItem,
    User,
)
from app.services.case_tally import move_item_cases


class SecureIndexView(AdminAccess, AdminIndexView):
    department_admins_allowed = True

    @expose("/")
    def index(self):  # type: ignore[override]
        from admin.home import home_data

        return self.render("admin/yc_home.html", **home_data(current_user))


class SecureModelView(TranslatedLabels, AdminAccess, ModelView):
    """Platform settings: the platform admin's alone (see admin/access.py)."""

    # Flask-Admin's bulk delete compares the posted ids as strings, which PostgreSQL refuses for an integer key
    # (a 500): the ids are made integers first, and anything that is not a whole number is dropped.
    @action(
        "delete",
        lazy_gettext("Delete"),
        lazy_gettext("Are you sure you want to delete selected records?"),
    )
    def action_delete(self, ids):  # type: ignore[no-untyped-def,override]
        return super().action_delete(tuple(int(i) for i in ids if str(i).isdecimal()))


class ItemScopedView(SecureModelView):
    """Rows that belong to an item: a department admin lists, opens, exports and acts on their own items' rows
    only. `get_query` carries the scope, and `get_one` goes through it, so the edit, details, delete and action
    endpoints cannot reach another department's row by its id."""

    department_admins_allowed = True

    def scoped(self, query):  # type: ignore[no-untyped-def]
        return (
            query.join(ItemVersion, ItemVersion.id == self.model.item_version_id)
            .join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
            .filter(items_in_scope(current_user))
        )

    def get_query(self):  # type: ignore[no-untyped-def]
        return self.scoped(super().get_query())

    def get_count_query(self):  # type: ignore[no-untyped-def]
        return self.scoped(super().get_count_query())

    def get_one(self, id):  # type: ignore[no-untyped-def]
        pk = self.model.__mapper__.primary_key[0]
        return self.get_query().filter(pk == int(id)).one_or_none() if str(id).isdecimal() else None


class DepartmentView(SecureModelView):
    column_list = ("code", "name")
    column_labels = {"code": "部门代码", "name": "部门名称"}


KIND_LABELS = {
    ItemKind.IMMEDIATE: "即办件",
    ItemKind.PROMISED: "承诺件",
    ItemKind.JOINT: "联办件",
    ItemKind.REFERRED: "上报件",
    ItemKind.BUNDLE: "一件事",
}


class ServiceItemView(ItemScopedView):
    column_list = (
        "code",
        "name",
        "kind",
        "department",
        "promised_days",
        "statutory_days",
        "accept_levels",
        "handle_anywhere",
        "live_version_id",
    )
    column_labels = {
        "accept_levels": "受理层级",
        "handle_anywhere": "全区通办",
        "code": "事项编码",
        "name": "事项名称",
        "kind": "办件类型",
        "department": "部门",
        "promised_days": "承诺时限（工作日）",
        "statutory_days": "法定时限（工作日）",
        "live_version_id": "在用版本",
        "slug": "网址名（slug）",
    }
    form_excluded_columns = ("live_version", "created_at")
    # The kind is chosen by its Chinese name, never typed as a code; a bundle is composed at 一件事, not here.
    form_choices = {"kind": [(k.value, KIND_LABELS[k]) for k in ItemKind]}
    column_formatters = {"kind": lambda view, context, model, name: KIND_LABELS.get(model.kind, model.kind)}

    def scoped(self, query):  # type: ignore[no-untyped-def]
        return query.filter(items_in_scope(current_user))

    def _own_departments_only(self, form):  # type: ignore[no-untyped-def]
        department_id = admin_department_id(current_user)
        if department_id is not None:
            form.department.query_factory = lambda: db.session.query(Department).filter(Department.id == department_id)
        return form

    def create_form(self, obj=None):  # type: ignore[no-untyped-def]
        return self._own_departments_only(super().create_form(obj))

    def edit_form(self, obj=None):  # type: ignore[no-untyped-def]
        return self._own_departments_only(super().edit_form(obj))

    def on_model_delete(self, model):  # type: ignore[no-untyped-def]
        if not may_manage_item(current_user, model):
            raise ValidationError("只能删除本部门的事项")

    column_descriptions = {
        "accept_levels": "district 区级、street 街道（镇）级、community 社区（村）级，用逗号分隔",
        "handle_anywhere": "勾选后区内任一服务中心均可受理",
    }

    def on_model_change(self, form, model, is_created):  # type: ignore[no-untyped-def]
        if not may_manage_item(current_user, model):
            raise ValidationError("只能管理本部门的事项")
        if is_created and model.kind == ItemKind.BUNDLE.value:
            raise ValidationError("一件事由已发布的事项组合而成：请在“一件事”页面新建")
        model.accept_levels = check_accept_levels(model.accept_levels)
        # The form remembers the department it was opened with; the item's open cases follow it to the new one.
        previous = None if is_created else form.department.object_data
        if previous is not None and model.department is not None:
            move_item_cases(model.id, previous.id, model.department.id)


class ItemVersionView(ItemScopedView):
    # Published versions are immutable: admins may look, never edit.
    can_create = False
    can_edit = False
    can_delete = False
    can_view_details = True
    column_list = ("item", "number", "process_id", "published_at", "retired_at")
    column_labels = {"item": "事项", "number": "版本", "published_at": "发布时间", "retired_at": "停用时间"}

    def scoped(self, query):  # type: ignore[no-untyped-def]
        return query.join(ServiceItem, ServiceItem.id == ItemVersion.item_id).filter(items_in_scope(current_user))


class CentreView(SecureModelView):
    """The district's service centres: level, parent, address, hours, windows, receive-only (代收代办)."""

    column_list = ("code", "name", "level", "parent", "address", "hours", "windows", "receive_only", "active")
    column_labels = CENTRE_LABELS
    column_descriptions = CENTRE_DESCRIPTIONS
    column_formatters = LEVEL_FORMATTER
    form_choices = CENTRE_CHOICES
    form_columns = (
        "code",
        "name",
        "level",
        "parent",
        "address",
        "phone",
        "hours",
        "windows",
        "slot_minutes",
        "receive_only",
        "active",
    )

    def on_model_change(self, form, model, is_created):  # type: ignore[no-untyped-def]
        check_centre(model)


class BookingView(SecureModelView):
    """Appointments, to look at: they are made, cancelled and checked in on the portal and at the window."""

    can_create = False
    can_edit = False
    can_delete = False
    column_default_sort = ("day", True)
    column_list = ("number", "centre", "item", "name", "day", "starts", "state", "checked_in_at")
    column_labels = BOOKING_LABELS
    column_formatters = BOOKING_FORMATTERS
    column_filters = ("day", "state")


class UserView(ChiefRepresentativeRight, SecureModelView):
    """People: the platform admin's alone (department admins manage no users, so they grant no rights either)."""

    column_list = ("username", "display_name", "department", "centre", "window_name", "role_rows", "active")
    column_labels = {"centre": "服务中心", "window_name": "窗口", "role_rows": "角色"}
    column_formatters = {"role_rows": role_words}
    column_exclude_list = ("password_hash",)
    form_excluded_columns = ("password_hash", "role_rows", "session_version", "credential_version")


class AuditEventView(SecureModelView):
    can_create = False
    can_edit = False
    can_delete = False
    column_default_sort = ("at", True)
    column_list = ("at", "actor_name", "action", "application_id", "note")


class IncidentView(ItemScopedView):
    """Cases whose background step failed for good; "重试" queues the failed steps again."""

    can_create = False
    can_edit = False
    can_delete = False
    column_list = ("tracking_number", "status", "incident", "incident_at")
    column_labels = {"tracking_number": "受理编号", "status": "状态", "incident": "故障", "incident_at": "发生时间"}

    def scoped(self, query):  # type: ignore[no-untyped-def]
        return super().scoped(query).filter(Application.incident.is_not(None))

    @action("retry", _l("重试"), _l("重新执行所选办件的失败步骤？"))
    def action_retry(self, ids: list[str]) -> None:
        from app.services.worker import retry_incident

        # Flask-Admin posts the ids as strings; PostgreSQL will not compare them with an integer column.
        numbers = [int(i) for i in ids if str(i).isdecimal()]
        for application in self.get_query().filter(Application.id.in_(numbers)):
            retry_incident(application, current_user)
        db.session.commit()
        flash(f"已重新排队 {len(ids)} 个办件的失败步骤")


def init_admin(app: Flask) -> Admin:
    # Our base adds the calendar banner (an unconfirmed year) above every admin page's messages; yc_master (on
    # top of it) shows who is logged in, the logout button and the way back to the front site.
    swatch = app.config.get("FLASK_ADMIN_SWATCH", "default")
    theme = Bootstrap4Theme(base_template="admin/yc_master.html", swatch=swatch, fluid=True)
    admin = Admin(app, name=_l("一窗 · 管理后台"), index_view=SecureIndexView(url="/admin"), theme=theme)
    # Every view below checks admin/access.py's rule; platform settings are platform-only by default.
    admin.add_view(DepartmentView(Department, db, name=_l("部门")))
    admin.add_view(ServiceItemView(ServiceItem, db, name=_l("事项")))
    admin.add_view(ItemVersionView(ItemVersion, db, name=_l("已发布版本")))
    from admin.elements import DataElementView

    admin.add_view(DataElementView(DataElement, db, name=_l("数据元"), endpoint="dataelement"))
    admin.add_view(CentreView(Centre, db, name=_l("服务中心"), endpoint="centres"))
    admin.add_view(BookingView(Booking, db, name=_l("预约"), endpoint="booking_admin"))
    admin.add_view(UserView(User, db, name=_l("用户")))
    admin.add_view(AuditEventView(AuditEvent, db, name=_l("审计日志")))
    admin.add_view(IncidentView(Application, db, name=_l("故障办件"), endpoint="incidents"))
    from admin.calendar import CalendarView

    admin.add_view(CalendarView(name=_l("工作日历"), endpoint="calendar"))
    from admin.bundles import BundleView

    admin.add_view(BundleView(name=_l("一件事"), endpoint="bundles"))
    from admin.authoring import register_authoring
    from admin.integrators import register_integrators
    from admin.paperwork import register_paperwork

    register_authoring(app, admin)
    register_paperwork(admin)
    register_integrators(admin)
    init_admin_csp(app)
    return admin
