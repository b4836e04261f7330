"""Live preview of the citizen's form while the admin edits the schema: fields as HTML, or every problem."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_admin import BaseView, expose
from markupsafe import Markup

from admin.access import AdminAccess
from admin.drafts import FORM_FILE, UI_FILE, parse_json
from admin.problem_text import describe
from app.services.data_elements import expand_form_schema
from app.services.errors import PublishRefused
from forms import FormSchemaError, compile_form


def render_preview(schema_text: str, ui_text: str) -> tuple[Markup | None, list[str]]:
    """The form's fields as the citizen will see them, or the problems (JSON line/column, keyword at pointer)."""
    schema, problems = parse_json(FORM_FILE, schema_text)
    ui, found = parse_json(UI_FILE, ui_text, default={})
    problems += found
    if problems:
        return None, problems
    if not isinstance(schema, dict) or not isinstance(ui, dict):
        return None, ["表单 Schema 和 UI 提示都须为 JSON 对象（{...}）"]
    try:
        schema = expand_form_schema(schema)
    except PublishRefused as exc:
        return None, list(exc.details or [])  # type: ignore[call-overload]
    try:
        form = compile_form(schema, ui or None)
    except FormSchemaError as exc:
        return None, [describe("申请表", schema, ui, p) for p in exc.problems]
    return form.render(None, None), []


def preview_document(fields: Markup) -> str:
    """A whole page in the portal's style, shown in an iframe so the admin theme does not restyle it."""
    return render_template("admin/authoring/preview_document.html", fields=fields)


class FormPreviewView(AdminAccess, BaseView):
    """POST form_schema + form_ui (with the CSRF token): 200 with a preview page, or 422 with the problem list.
    It reads nothing stored, so every admin may use it."""

    department_admins_allowed = True

    def is_visible(self) -> bool:
        return False

    @expose("/", methods=["POST"])
    def index(self) -> Any:
        fields, problems = render_preview(request.form.get("form_schema", ""), request.form.get("form_ui", ""))
        if fields is None:
            return render_template("admin/authoring/_problems.html", problems=problems, title="表单无法预览"), 422
        return preview_document(fields)
