"""Which form of a draft the builder edits: the application form ("form") or a decision form ("decision:NAME").

A decision form is one file (no separate ui document), so its ui hints travel in its root `x-ui`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from admin.builder.model import FieldModel, FormModel, Option, Unrepresentable, model_to_schema, schema_to_model
from admin.drafts import Draft

APPLICATION = "form"
DECISION = "decision:"


@dataclass
class Target:
    key: str
    label: str
    model: FormModel | None  # None: the builder cannot show it (see `reason`), it stays editable as JSON
    reason: str = ""


def _loads(text: str, default: Any) -> Any:
    if not text.strip():
        return default
    return json.loads(text)


def decision_names(draft: Draft) -> list[str]:
    try:
        forms = _loads(draft.decision_forms, {})
    except ValueError:
        return []
    return sorted(forms) if isinstance(forms, dict) else []


def load_target(draft: Draft, key: str) -> Target:
    try:
        if key == APPLICATION:
            label = "申请表"
            schema, ui = _loads(draft.form_schema, None), _loads(draft.form_ui, {})
        elif key.startswith(DECISION):
            name = key[len(DECISION) :]
            label = f"决策表单 {name}"
            forms = _loads(draft.decision_forms, {})
            if not isinstance(forms, dict) or name not in forms:
                return Target(key, label, None, f"没有名为 {name} 的决策表单")
            schema = dict(forms[name]) if isinstance(forms[name], dict) else forms[name]
            ui = schema.pop("x-ui", {}) if isinstance(schema, dict) else {}
        else:
            return Target(key, key, None, "未知的表单")
    except ValueError as exc:
        return Target(key, key, None, f"JSON 格式错误，请在“高级（JSON）”中修改：{exc.__class__.__name__}")
    try:
        return Target(key, label, schema_to_model(schema, ui))
    except Unrepresentable as exc:
        return Target(key, label, None, str(exc))


def store_target(draft: Draft, key: str, model: FormModel) -> None:
    schema, ui = model_to_schema(model)
    if key == APPLICATION:
        draft.form_schema = json.dumps(schema, ensure_ascii=False, indent=2)
        draft.form_ui = json.dumps(ui, ensure_ascii=False, indent=2)
        return
    name = key[len(DECISION) :]
    forms = _loads(draft.decision_forms, {})
    if ui:
        schema["x-ui"] = ui
    forms[name] = schema
    draft.decision_forms = json.dumps(forms, ensure_ascii=False, indent=2)


# The approver's task page does not take files yet (their storage, access and clean-up are the case's), so a
# decision form cannot ask for an upload; the builder does not offer one and publishing refuses one.
DECISION_KINDS_REFUSED = frozenset({"upload"})


def new_decision_model(title: str) -> FormModel:
    """What most departments' steps ask: a conclusion and an opinion (multi-line); follow-up fields are added."""
    return FormModel(
        title=title,
        has_schema_uri=True,
        closed=True,
        fields=[
            FieldModel(
                "approved",
                "choice",
                "审核结论",
                required=True,
                value_type="boolean",
                widget="radio",
                options=[Option(True, "同意"), Option(False, "不同意")],
            ),
            FieldModel("opinion", "textarea", "审查意见", required=True, widget="textarea", max_length=1000),
        ],
    )


def add_decision(draft: Draft, name: str, title: str) -> str:
    name = name.strip()
    if not name.endswith(".schema.json"):
        name += ".schema.json"
    forms = _loads(draft.decision_forms, {})
    if name in forms:
        raise ValueError(f"已有名为 {name} 的决策表单")
    key = DECISION + name
    forms[name] = {}
    draft.decision_forms = json.dumps(forms, ensure_ascii=False)
    store_target(draft, key, new_decision_model(title.strip() or "审核决定"))
    return key


def remove_decision(draft: Draft, name: str) -> None:
    forms = _loads(draft.decision_forms, {})
    forms.pop(name, None)
    draft.decision_forms = json.dumps(forms, ensure_ascii=False, indent=2)


def target_texts(draft: Draft, target_key: str) -> tuple[str, str]:
    """(schema, ui) texts of the target for the preview renderer."""
    if target_key == APPLICATION:
        return draft.form_schema, draft.form_ui
    target = load_target(draft, target_key)
    if target.model is None:
        return "{}", "{}"
    schema, ui = model_to_schema(target.model)
    return json.dumps(schema, ensure_ascii=False), json.dumps(ui, ensure_ascii=False)
