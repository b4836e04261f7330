"""What the modeler's properties panel offers (departments, decision forms, platform actions, processes to call) and
its live condition check.

The panel writes only what publishing reads (lane name = department code, the task properties of
:mod:`workflows.properties`, conditions as sandbox expressions); the check runs the sandbox's own check and names the
fields the item does not have (:mod:`workflows.condition_check`).
"""

from __future__ import annotations

import json
from typing import Any

from flask import abort, jsonify, request, url_for
from flask_admin import BaseView, expose
from lxml import etree
from sqlalchemy import select

from admin.access import AdminAccess
from admin.builder.targets import decision_names
from admin.drafts import Draft
from app.extensions import db
from app.models import Department, ServiceItem
from workflows import PLATFORM_ACTIONS
from workflows.condition_check import check_condition, names_in_model

# Each platform action as an admin reads it, and the parameters it takes (value: a sandbox expression).
ACTION_TEXT: dict[str, dict[str, Any]] = {
    "notify": {
        "label": "发送通知（短信或邮件）",
        "params": [
            {"id": "channel", "label": "渠道（'sms' 或 'email'）", "example": "'sms'"},
            {"id": "recipient", "label": "接收人", "example": 'form["phone"]'},
            {"id": "body", "label": "内容", "example": '"您的申请已进入审查"'},
        ],
    },
    "generate_document": {
        "label": "生成文书（PDF）",
        "params": [{"id": "kind", "label": "文书种类", "example": "'decision'"}],
    },
    "call_webhook": {
        "label": "通知部门业务系统（Webhook）",
        "params": [
            {"id": "url", "label": "地址", "example": "'https://example.gov.cn/hook'"},
            {"id": "payload", "label": "内容", "example": '{"tracking": form.get("tracking")}'},
        ],
    },
}
assert set(ACTION_TEXT) == set(PLATFORM_ACTIONS), "every platform action needs its Chinese label"


def _json(text: str, default: Any) -> Any:
    try:
        return json.loads(text) if text.strip() else default
    except ValueError:
        return default


def _process_ids(draft: Draft) -> list[dict[str, str]]:
    """Processes of the draft's BPMN files, the only ones a call activity may call (publishing checks it)."""
    found = []
    for name, text in draft.bpmn:
        try:
            root = etree.fromstring(text.encode(), etree.XMLParser(resolve_entities=False, no_network=True))
        except (etree.XMLSyntaxError, ValueError):
            continue
        for process in root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}process"):
            found.append(
                {"id": process.get("id", ""), "name": process.get("name") or process.get("id", ""), "file": name}
            )
    return found


def modeler_settings(item: ServiceItem, draft: Draft) -> dict[str, Any]:
    """Everything the properties panel offers for this item's draft, as JSON for the page."""
    departments = db.session.execute(select(Department.code, Department.name).order_by(Department.code)).all()
    return {
        "departments": [{"code": code, "name": name} for code, name in departments],
        "ownDepartment": item.department.code if item.department else None,
        "decisionForms": decision_names(draft),
        "newDecisionFormUrl": url_for("drafts.form", item_id=item.id),
        "actions": [{"id": key, **ACTION_TEXT[key]} for key in sorted(ACTION_TEXT)],
        "processes": _process_ids(draft),
        "conditionUrl": url_for("authoring_modeler.condition"),
        "maxStepLimit": 365,  # working days, as workflows/step_limits.py (the clock's) accepts
    }


class ModelerView(AdminAccess, BaseView):
    """POST (JSON, with the CSRF token in X-CSRFToken) a condition and the draft it belongs to; answers the
    problems in Chinese. It reads nothing stored, so every admin may use it."""

    department_admins_allowed = True

    def is_visible(self) -> bool:
        return False

    @expose("/")
    def index(self) -> Any:
        abort(404)  # Flask-Admin wants a default view; there is no page here, only the check below

    @expose("/condition", methods=["POST"])
    def condition(self) -> Any:
        body = request.get_json(silent=True) or {}
        expression = str(body.get("expression") or "")
        form_schema = _json(str(body.get("form_schema") or ""), {})
        decision_forms = _json(str(body.get("decision_forms") or ""), {})
        names = names_in_model(
            str(body.get("bpmn") or ""), form_schema, decision_forms if isinstance(decision_forms, dict) else {}
        )
        return jsonify({"problems": check_condition(expression, names)})
