"""Data elements (数据元) in the admin: list, search, create and edit them, and see which items use each.

Every admin sees every element (a form may reference any of them: that is the point of defining a field once);
a department admin creates elements for their own department and edits only those. The platform's own elements
(no department) are the platform admin's to change.
"""

from __future__ import annotations

from typing import Any

from flask import g
from flask_admin.contrib.sqla import ModelView
from flask_admin.form.fields import JSONField
from flask_login import current_user
from markupsafe import Markup
from wtforms.validators import ValidationError

from admin.access import AdminAccess, admin_department_id, is_platform_admin
from admin.words import TranslatedLabels
from app.extensions import db
from app.models import DataElement, Department
from app.models.data_elements import PREFILL_LABELS
from app.services.audit import record_event
from app.services.data_elements import ElementFields, element_as_file, element_problems, items_using_elements


def _usage() -> dict[str, Any]:
    # One scan of the live versions per request, however many rows the page lists.
    if "element_usage" not in g:
        g.element_usage = items_using_elements()
    return g.element_usage


def _used_by(view: Any, context: Any, model: DataElement, name: str) -> Markup:
    uses = _usage().get(model.key, [])
    if not uses:
        return Markup('<span class="text-muted">未被使用</span>')
    # A department admin sees their own items by name; other departments' items only as a number.
    department_id = admin_department_id(current_user)
    shown = [(item, paths) for item, paths in uses if department_id is None or item.department_id == department_id]
    parts = [Markup("{}（{}）").format(item.name, "、".join(paths)) for item, paths in shown]
    text = Markup(f"{len(uses)} 个事项") + (Markup("：") + Markup("；").join(parts) if parts else Markup(""))
    others = len(uses) - len(shown)
    return text + (Markup(f"（其中 {others} 个为其他部门的事项）") if others else Markup(""))


def _prefill_label(view: Any, context: Any, model: DataElement, name: str) -> str:
    return next((text for source, text in PREFILL_LABELS.items() if source.value == model.prefill), model.prefill)


def may_edit_element(user: Any, element: DataElement) -> bool:
    if is_platform_admin(user):
        return True
    department_id = admin_department_id(user)
    owner = element.department.id if element.department is not None else element.department_id
    return department_id is not None and owner == department_id


class DataElementView(TranslatedLabels, AdminAccess, ModelView):
    department_admins_allowed = True
    can_view_details = True
    action_disallowed_list = ["delete"]
    column_list = ("key", "label", "personal", "prefill", "department", "used_by")
    column_details_list = ("key", "label", "label_en", "help", "schema", *column_list[2:], "updated_at")
    column_labels = {
        "key": "标识",
        "label": "中文名称",
        "label_en": "英文名称",
        "help": "填写说明",
        "schema": "字段定义（JSON Schema）",
        "personal": "个人信息",
        "prefill": "预填来源",
        "department": "维护部门",
        "used_by": "使用此数据元的事项（在用版本）",
        "updated_at": "最近修改",
    }
    column_searchable_list = ("key", "label", "label_en", "help")
    column_filters = ("personal", "prefill")
    column_default_sort = "key"
    column_formatters = {"used_by": _used_by, "prefill": _prefill_label}
    column_formatters_detail = column_formatters
    column_descriptions = {"schema": "类型、格式、长度或取值范围、可选项（oneOf 的 const + title）"}
    form_columns = ("key", "label", "label_en", "help", "schema", "personal", "prefill", "department")
    form_overrides = {"schema": JSONField}
    form_choices = {"prefill": [(source.value, text) for source, text in PREFILL_LABELS.items()]}
    form_args = {
        "key": {
            "description": '小写英文、数字和连字符，如 cn-resident-id；表单中写 {"$ref": "element:标识"}。'
            "发布后不可改。"
        },
        "schema": {"description": '只写数据本身：如 {"type": "string", "format": "cn-mobile"}；标题和说明取上面两项。'},
        "personal": {
            "description": "个人信息（姓名、身份证号码、手机号码、住址等）只从本人提交的办件和本人账户预填，"
            "不从窗口或代办人代为录入的办件中预填（代录办件中的经办人常是代办人本人）"
        },
        "department": {"description": "留空为全平台通用（仅平台管理员可改）"},
    }

    def _own_department_only(self, form):  # type: ignore[no-untyped-def]
        department_id = admin_department_id(current_user)
        if department_id is not None:
            form.department.query_factory = lambda: db.session.query(Department).filter(Department.id == department_id)
            form.department.allow_blank = False
        return form

    def create_form(self, obj=None):  # type: ignore[no-untyped-def]
        return self._own_department_only(super().create_form(obj))

    def edit_form(self, obj=None):  # type: ignore[no-untyped-def]
        return self._own_department_only(super().edit_form(obj))

    def on_model_change(self, form, model, is_created):  # type: ignore[no-untyped-def]
        department_id = admin_department_id(current_user)
        if is_created and department_id is not None:
            model.department = db.session.get(Department, department_id)  # a department admin creates for theirs
        if not may_edit_element(current_user, model):
            raise ValidationError("只能修改本部门的数据元；全平台通用的数据元由平台管理员维护")
        previous_key = None if is_created else form.key.object_data
        if previous_key is not None and model.key != previous_key:
            raise ValidationError(f"数据元标识发布后不可修改（原为“{previous_key}”），否则引用它的表单将无法发布")
        fields = ElementFields(
            key=model.key or "",
            label=model.label or "",
            schema=model.schema if isinstance(model.schema, dict) else {},
            prefill=model.prefill or "",
        )
        if not isinstance(model.schema, dict):
            raise ValidationError('字段定义须为 JSON 对象，如 {"type": "string"}')
        problems = element_problems(fields)
        if problems:
            raise ValidationError("；".join(problems))
        model.label_en, model.help = model.label_en or "", model.help or ""
        model.schema = {k: v for k, v in model.schema.items() if k not in ("title", "description")}

    def after_model_change(self, form, model, is_created):  # type: ignore[no-untyped-def]
        record_event(
            "data_element_created" if is_created else "data_element_changed",
            actor=current_user._get_current_object(),
            after=element_as_file(model),
        )
        db.session.commit()

    def on_model_delete(self, model):  # type: ignore[no-untyped-def]
        if not may_edit_element(current_user, model):
            raise ValidationError("只能删除本部门的数据元")
        uses = _usage().get(model.key, [])
        if uses:
            names = "、".join(item.name for item, _ in uses)
            raise ValidationError(f"数据元“{model.label}”正被 {names} 使用，不能删除")
