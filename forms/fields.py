"""The compiled form as WTForms fields, for code that wants WTForms objects (e.g. admin previews).

The HTML of ``CompiledForm.render`` does not go through WTForms widgets: the GOV.UK markup (hints and
errors linked by aria-describedby, fieldsets for groups, rows with add/remove buttons) is written
directly, and parsing/validation is done by JSON Schema. These fields carry the same names, ids,
labels, hints, choices and basic validators, one per input.
"""

from __future__ import annotations

from typing import Any

from wtforms import validators as v
from wtforms.fields import (
    BooleanField,
    FileField,
    FloatField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import (
    Field as WTField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.form import BaseForm

from forms.messages import message
from forms.nodes import Field, dom_id

TEXT_WIDGETS: dict[str, type[WTField]] = {"textarea": TextAreaField, "password": PasswordField, "hidden": HiddenField}


def unbound_field(node: Field, path: str) -> Any:
    """One unbound WTForms field for a leaf node at ``path``."""
    checks: list[Any] = [v.InputRequired() if node.required else v.Optional()]
    common: dict[str, Any] = {"label": node.label, "description": node.help or "", "id": dom_id(path)}
    if node.widget == "hidden" and node.kind != "multichoice":
        return HiddenField(**common)
    if node.kind == "text":
        if node.min_length is not None or node.max_length is not None:
            checks.append(v.Length(min=node.min_length or -1, max=node.max_length or -1))
        return TEXT_WIDGETS.get(node.widget, StringField)(validators=checks, **common)
    if node.kind == "integer":
        return IntegerField(validators=checks, **common)
    if node.kind == "number":
        return FloatField(validators=checks, **common)
    if node.kind == "boolean" and node.widget in ("radio", "select"):
        yes_no = [SelectChoice("true", message("yes")), SelectChoice("false", message("no"))]
        return (SelectField if node.widget == "select" else RadioField)(choices=yes_no, validators=checks, **common)
    if node.kind == "boolean":
        return BooleanField(validators=[v.Optional()], false_values=("false", ""), **common)
    if node.kind in ("choice", "multichoice"):
        choices = [SelectChoice(choice.token, choice.title or choice.token) for choice in node.choices]
        if node.kind == "multichoice":
            return SelectMultipleField(choices=choices, validators=checks, **common)
        field_class = SelectField if node.widget == "select" else RadioField
        return field_class(choices=choices, validators=checks, **common)
    if node.kind == "file":
        return FileField(validators=[v.Optional()], **common)
    return HiddenField(**common)


def leaf_fields(node: Field, path: str, values: Any) -> list[tuple[str, Any]]:
    """(path, unbound field) for every input the form shows for ``values``."""
    if node.kind == "object":
        found: list[tuple[str, Any]] = []
        children = values if isinstance(values, dict) else {}
        for child in node.children:
            found += leaf_fields(child, node.child_path(path, child.name), children.get(child.name))
        return found
    if node.kind == "array" and node.item is not None:
        rows = max(len(values) if isinstance(values, list) else 0, node.min_items)
        found = []
        for index in range(rows):
            row = values[index] if isinstance(values, list) and index < len(values) else None
            found += leaf_fields(node.item, f"{path}.{index}", row)
        return found
    return [(path, unbound_field(node, path))]


def wtforms_form(root: Field, formdata: Any = None, values: dict[str, Any] | None = None) -> BaseForm:
    """A WTForms ``BaseForm`` with one field per input (array rows as many as ``values`` has)."""
    form = BaseForm(leaf_fields(root, "", values or {}))
    form.process(formdata)
    return form
