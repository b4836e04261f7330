"""The form builder's model of a form: fields an admin edits in a list, not JSON.

`schema_to_model` reads JSON Schema 2020-12 + our ui document into a `FormModel` (or says why it cannot, so the
builder opens the form read-only); `model_to_schema` writes the model back out. A form the builder made comes
back unchanged, and so does every form of the demo catalogue (tests/unit/admin/test_builder_model.py).
Plain Python: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from forms.elements import ELEMENT_REF_PREFIX, referenced_key

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"

# Field kinds, in the order the "add field" list offers them, with their labels.
KINDS: dict[str, str] = {
    "text": "单行文本",
    "textarea": "多行文本",
    "integer": "整数",
    "number": "数字（可带小数）",
    "boolean": "是/否",
    "choice": "单选",
    "multichoice": "多选",
    "date": "日期",
    "datetime": "日期时间",
    "time": "时间",
    "resident_id": "居民身份证号",
    "credit_code": "统一社会信用代码",
    "mobile": "手机号码",
    "postcode": "邮政编码",
    "email": "电子邮箱",
    "upload": "上传材料",
    "group": "分组（嵌套字段）",
    "table": "表格（多行）",
}
ELEMENT_KIND = "element"  # a field that is a data element (its definition lives in the element catalogue)
FORMAT_KINDS = {
    "cn-resident-id": "resident_id",
    "cn-credit-code": "credit_code",
    "cn-mobile": "mobile",
    "cn-postcode": "postcode",
    "email": "email",
    "date": "date",
    "date-time": "datetime",
    "time": "time",
}
KIND_FORMATS = {kind: fmt for fmt, kind in FORMAT_KINDS.items()}
TEXT_KINDS = {"text", "textarea", *KIND_FORMATS}
OPERATORS = {"eq": "等于", "ne": "不等于", "in": "是以下之一"}

# Keywords a field may carry for the builder to represent it; anything else opens the form read-only.
_FIELD_KEYS = {
    "type", "title", "description", "default", "readOnly", "format", "minLength", "maxLength", "pattern",
    "minimum", "maximum", "oneOf", "enum", "contentMediaType", "properties", "required", "additionalProperties",
    "items", "minItems", "maxItems", "uniqueItems", "x-unit",
}  # fmt: skip
_FIELD_UI_KEYS = {"ui:widget", "ui:placeholder", "ui:help", "ui:readonly", "ui:width", "ui:accept", "ui:maxBytes"}
_OBJECT_UI_KEYS = {"ui:order", "ui:sections", "ui:columns"}
_ROOT_KEYS = {"$schema", "title", "description", "type", "properties", "required", "additionalProperties", "if"}
_CONDITION_KEYS = {"if", "then", "else", "allOf"}
_ROOT_KEYS |= _CONDITION_KEYS


class Unrepresentable(Exception):
    """The schema uses something the builder cannot show; it stays editable as JSON."""


@dataclass
class Option:
    value: Any
    label: str


@dataclass
class Condition:
    """Show the field only when `field` (a field of the same form) `operator` `value`."""

    field: str
    operator: str  # eq, ne, in
    value: Any


@dataclass
class Section:
    title: str
    fields: list[str] = field(default_factory=list)
    help: str = ""


@dataclass
class FieldModel:
    name: str
    kind: str
    label: str = ""
    help: str = ""
    help_in_ui: bool = False  # written as ui:help rather than description (kept as found)
    description: str = ""  # the schema's own description when ui:help is shown instead (kept, not edited)
    placeholder: str = ""
    required: bool = False
    default: Any = None
    readonly: bool = False
    readonly_in_ui: bool = False
    width: str = ""  # "" or "full"
    widget: str = ""  # radio / select / checkboxes / textarea / upload, when set explicitly
    min_length: int | None = None
    max_length: int | None = None
    pattern: str = ""
    minimum: float | int | None = None
    maximum: float | int | None = None
    unit: str = ""
    options: list[Option] = field(default_factory=list)
    options_as_enum: bool = False  # `enum` without labels instead of oneOf [{const, title}]
    value_type: str = "string"  # of a choice: string / integer / number / boolean
    accept: str = ""  # upload: ui:accept, "application/pdf, image/*"
    accept_as_list: bool = False  # ui:accept written as a list (kept as found)
    media_type: str = ""  # upload: the schema's contentMediaType (kept; ui:accept, when set, is what is offered)
    max_bytes: int | None = None
    min_rows: int | None = None
    max_rows: int | None = None
    unique: bool = False  # multichoice: uniqueItems
    closed: bool = False  # group/table rows: additionalProperties false
    children: FormModel | None = None  # group, table row
    condition: Condition | None = None
    element: str = ""  # kind "element": the data element's key; its definition lives in the element catalogue


@dataclass
class FormModel:
    fields: list[FieldModel] = field(default_factory=list)
    title: str = ""
    description: str = ""
    sections: list[Section] = field(default_factory=list)
    columns: int | None = None
    closed: bool = False  # additionalProperties false
    explicit_order: bool = False  # ui:order written out
    has_schema_uri: bool = False
    condition_style: str = "root"  # "root" (one if/then at the root) or "allOf"

    def find(self, name: str) -> FieldModel | None:
        return next((f for f in self.fields if f.name == name), None)


# --- schema → model ---------------------------------------------------------------------------------------------


def schema_to_model(schema: Any, ui: Any = None) -> FormModel:
    """The builder's model of a form; raises Unrepresentable (in Chinese, naming the place) when it has none."""
    if not isinstance(schema, dict) or schema.get("type", "object") != "object":
        raise Unrepresentable("表单的最外层须为对象（type: object）")
    ui = ui if isinstance(ui, dict) else {}
    extra = set(schema) - _ROOT_KEYS
    if extra:
        raise Unrepresentable(f"表单使用了设计器不支持的关键字：{', '.join(sorted(extra))}")
    model = _object_model(schema, ui, "表单")
    model.title = schema.get("title", "")
    model.description = schema.get("description", "")
    model.has_schema_uri = "$schema" in schema
    return model


def _conditionals(schema: dict[str, Any]) -> list[dict[str, Any]]:
    if "allOf" in schema and any(k in schema for k in ("if", "then", "else")):
        raise Unrepresentable("条件同时写在 allOf 和表单根上，设计器无法显示")
    branches = schema.get("allOf") or (
        [{k: schema[k] for k in ("if", "then", "else") if k in schema}] if "if" in schema else []
    )
    if not isinstance(branches, list) or not all(
        isinstance(b, dict) and set(b) <= {"if", "then", "else"} for b in branches
    ):
        raise Unrepresentable("allOf 中只能是“仅在……时显示”的条件（if/then/else）")
    return branches


def _read_conditional(model: FormModel, branch: dict[str, Any], ui: dict[str, Any]) -> None:
    when = branch.get("if")
    if not isinstance(when, dict) or set(when) - {"properties", "required"} or len(when.get("properties", {})) != 1:
        raise Unrepresentable("条件（if）只能是“某个字段等于某值”")
    ((control, test),) = when["properties"].items()
    if when.get("required", [control]) != [control] or not isinstance(test, dict) or len(test) != 1:
        raise Unrepresentable(f"字段“{control}”上的条件无法显示")
    if model.find(control) is None:
        raise Unrepresentable(f"条件引用的字段“{control}”不存在")
    if "const" in test:
        value, operator = test["const"], "eq"
    elif "enum" in test and isinstance(test["enum"], list):
        value, operator = list(test["enum"]), "in"
    else:
        raise Unrepresentable(f"字段“{control}”上的条件只能是等于某值或属于几个值之一")
    if "then" in branch and "else" not in branch:
        shown = branch["then"]
    elif "else" in branch and "then" not in branch and operator == "eq":
        shown, operator = branch["else"], "ne"
    else:
        raise Unrepresentable("条件须只有 then 或只有 else")
    if not isinstance(shown, dict) or set(shown) - {"properties", "required"} or not shown.get("properties"):
        raise Unrepresentable("条件成立时只能显示字段（then 中只能有 properties 和 required）")
    required = shown.get("required", [])
    for name, sub in shown["properties"].items():
        if model.find(name) is not None:
            raise Unrepresentable(f"字段“{name}”既总是显示又按条件显示，设计器无法表示")
        child = _field_model(name, sub, ui.get(name, {}), name in required, f"字段“{name}”")
        child.condition = Condition(control, operator, value)
        model.fields.append(child)


def _object_model(schema: dict[str, Any], ui: dict[str, Any], where: str) -> FormModel:
    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        raise Unrepresentable(f"{where}：properties 须为对象")
    additional = schema.get("additionalProperties", True)
    if additional not in (True, False):
        raise Unrepresentable(f"{where}：additionalProperties 只能是 true 或 false")
    required = schema.get("required", [])
    model = FormModel(closed=additional is False)
    for name, sub in properties.items():
        model.fields.append(_field_model(name, sub, ui.get(name, {}), name in required, f"字段“{name}”"))
    unknown_ui = {k for k in ui if k.startswith("ui:")} - _OBJECT_UI_KEYS
    if unknown_ui:
        raise Unrepresentable(f"{where}的界面提示含设计器不支持的键：{', '.join(sorted(unknown_ui))}")
    model.columns = ui.get("ui:columns")
    for entry in ui.get("ui:sections", []):
        if not isinstance(entry, dict) or set(entry) - {"title", "fields", "help"}:
            raise Unrepresentable(f"{where}的分组（ui:sections）格式无法显示")
        model.sections.append(Section(entry.get("title", ""), list(entry.get("fields", [])), entry.get("help", "")))
    # "Show only when" fields of this object (the form, a group or a table's row) sit in its if/then branches.
    model.condition_style = "allOf" if "allOf" in schema else "root"
    for branch in _conditionals(schema):
        _read_conditional(model, branch, ui)
    _apply_order(model, ui)
    return model


def _apply_order(model: FormModel, ui: dict[str, Any]) -> None:
    order = ui.get("ui:order")
    if order is None:
        return
    model.explicit_order = True
    names = [f.name for f in model.fields]
    rest = [n for n in names if n not in order]
    wanted: list[str] = []
    for name in order:
        wanted += rest if name == "*" else [name] if name in names else []
    if "*" not in order:
        wanted += rest
    if "*" in order and order[-1] != "*":
        raise Unrepresentable("ui:order 中的“*”须在最后")
    by_name = {f.name: f for f in model.fields}
    model.fields = [by_name[n] for n in dict.fromkeys(wanted)]


def _choice_options(sub: dict[str, Any], where: str) -> tuple[list[Option], bool] | None:
    if "oneOf" in sub:
        entries = sub["oneOf"]
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and set(e) <= {"const", "title"} and "const" in e for e in entries
        ):
            raise Unrepresentable(f"{where}：oneOf 只能列出选项（const + title）")
        return [Option(e["const"], e.get("title", str(e["const"]))) for e in entries], False
    if "enum" in sub:
        return [Option(v, str(v)) for v in sub["enum"]], True
    return None


def _field_model(name: str, sub: Any, ui: Any, required: bool, where: str) -> FieldModel:
    if not isinstance(sub, dict):
        raise Unrepresentable(f"{where}：定义须为对象")
    ui = ui if isinstance(ui, dict) else {}
    element = referenced_key(sub)
    if element is not None:
        return _element_model(name, sub, ui, required, where, element)
    extra = set(sub) - _FIELD_KEYS - (_CONDITION_KEYS if sub.get("type") == "object" else set())
    if extra:
        raise Unrepresentable(f"{where}使用了设计器不支持的关键字：{', '.join(sorted(extra))}")
    type_ = sub.get("type")
    if not isinstance(type_, str):
        raise Unrepresentable(f"{where}：须只有一种类型")
    widget = ui.get("ui:widget", "")
    kind = _kind_of(sub, type_, widget, where)
    f = FieldModel(name=name, kind=kind, required=required, widget=widget)
    f.label = sub.get("title", "")
    f.unit = sub.get("x-unit", "")
    if f.unit and f.label.endswith(f"（{f.unit}）"):
        f.label = f.label[: -len(f.unit) - 2]
    f.help, f.help_in_ui = (ui["ui:help"], True) if "ui:help" in ui else (sub.get("description", ""), False)
    if f.help_in_ui:
        f.description = sub.get("description", "")
    f.placeholder = ui.get("ui:placeholder", "")
    f.default = sub.get("default")
    f.readonly, f.readonly_in_ui = (True, True) if ui.get("ui:readonly") else (bool(sub.get("readOnly")), False)
    f.width = ui.get("ui:width", "")
    f.min_length, f.max_length, f.pattern = sub.get("minLength"), sub.get("maxLength"), sub.get("pattern", "")
    f.minimum, f.maximum = sub.get("minimum"), sub.get("maximum")
    f.accept, f.accept_as_list = _accept(ui), isinstance(ui.get("ui:accept"), list)
    f.media_type = sub.get("contentMediaType", "")
    f.max_bytes = ui.get("ui:maxBytes")
    unknown_ui = set(ui) - _FIELD_UI_KEYS - (_OBJECT_UI_KEYS if kind == "group" else set())
    if kind == "group":
        unknown_ui = {k for k in unknown_ui if k.startswith("ui:")}
    if kind == "table":
        unknown_ui -= {"items"}
    if unknown_ui:
        raise Unrepresentable(f"{where}的界面提示含设计器不支持的键：{', '.join(sorted(unknown_ui))}")
    if kind in ("choice", "boolean"):
        found = _choice_options(sub, where)
        if found:
            f.options, f.options_as_enum = found
            f.value_type = type_
            f.kind = "choice"
    elif kind == "multichoice":
        items = sub["items"]
        found = _choice_options(items, where)
        if found is None or set(items) - {"type", "oneOf", "enum"}:
            raise Unrepresentable(f"{where}：多选的每一项只能是选项")
        f.options, f.options_as_enum = found
        f.value_type = items.get("type", "string")
        f.unique = bool(sub.get("uniqueItems"))
        f.min_rows, f.max_rows = sub.get("minItems"), sub.get("maxItems")
    elif kind == "group":
        f.children = _object_model(sub, ui, where)
        f.closed = f.children.closed
    elif kind == "table":
        items = sub["items"]
        if not isinstance(items, dict) or set(items) - _CONDITION_KEYS - {
            "type",
            "title",
            "properties",
            "required",
            "additionalProperties",
        }:
            raise Unrepresentable(f"{where}：表格的每一行只能是一组字段")
        f.children = _object_model(items, ui.get("items", {}), where)
        f.children.title = items.get("title", "")
        f.min_rows, f.max_rows = sub.get("minItems"), sub.get("maxItems")
    return f


def _element_model(name: str, sub: dict[str, Any], ui: dict[str, Any], required: bool, where: str, key: str):
    """A field that is a data element: only its label, help and ui hints are the form's own."""
    extra = set(sub) - {"$ref", "title", "description"}
    if extra:
        raise Unrepresentable(f"{where}（数据元 {key}）使用了设计器不支持的关键字：{', '.join(sorted(extra))}")
    unknown_ui = set(ui) - _FIELD_UI_KEYS
    if unknown_ui:
        raise Unrepresentable(f"{where}的界面提示含设计器不支持的键：{', '.join(sorted(unknown_ui))}")
    f = FieldModel(name=name, kind="element", required=required, widget=ui.get("ui:widget", ""), element=key)
    f.label = sub.get("title", "")
    f.help, f.help_in_ui = (ui["ui:help"], True) if "ui:help" in ui else (sub.get("description", ""), False)
    if f.help_in_ui:
        f.description = sub.get("description", "")
    f.placeholder = ui.get("ui:placeholder", "")
    f.readonly, f.readonly_in_ui = bool(ui.get("ui:readonly")), bool(ui.get("ui:readonly"))
    f.width = ui.get("ui:width", "")
    f.accept, f.accept_as_list = _accept(ui), isinstance(ui.get("ui:accept"), list)
    f.max_bytes = ui.get("ui:maxBytes")
    return f


def _accept(ui: dict[str, Any]) -> str:
    accept = ui.get("ui:accept", "")
    return ", ".join(accept) if isinstance(accept, list) else str(accept)


def _kind_of(sub: dict[str, Any], type_: str, widget: str, where: str) -> str:
    if type_ == "string":
        if "contentMediaType" in sub or widget == "upload":
            return "upload"
        if "oneOf" in sub or "enum" in sub:
            return "choice"
        if "format" in sub:
            if sub["format"] not in FORMAT_KINDS:
                raise Unrepresentable(f"{where}：格式 {sub['format']} 设计器不支持")
            return FORMAT_KINDS[sub["format"]]
        if widget in ("", "textarea"):
            return "textarea" if widget == "textarea" else "text"
        raise Unrepresentable(f"{where}：控件 {widget} 设计器不支持")
    if type_ in ("integer", "number"):
        return "choice" if "oneOf" in sub or "enum" in sub else type_
    if type_ == "boolean":
        return "boolean"
    if type_ == "object":
        return "group"
    if type_ == "array":
        items = sub.get("items")
        if isinstance(items, dict) and items.get("type") == "object":
            return "table"
        if isinstance(items, dict) and ("oneOf" in items or "enum" in items):
            return "multichoice"
        raise Unrepresentable(f"{where}：列表的每一项须为一组字段或选项")
    raise Unrepresentable(f"{where}：类型 {type_} 设计器不支持")


# --- model → schema ---------------------------------------------------------------------------------------------


def model_to_schema(model: FormModel) -> tuple[dict[str, Any], dict[str, Any]]:
    """(JSON Schema 2020-12, ui document) of the model."""
    schema: dict[str, Any] = {}
    if model.has_schema_uri:
        schema["$schema"] = SCHEMA_URI
    if model.title:
        schema["title"] = model.title
    if model.description:
        schema["description"] = model.description
    body, ui = _object_document(model)
    schema.update(body)
    return schema, ui


def _object_document(model: FormModel) -> tuple[dict[str, Any], dict[str, Any]]:
    """An object's schema (its fields, and its conditional fields in if/then branches) and its ui hints."""
    plain = [f for f in model.fields if f.condition is None]
    conditional = [f for f in model.fields if f.condition is not None]
    schema, ui = _object_schema(model, plain)
    branches = [_branch(f) for f in conditional]
    if len(branches) == 1 and model.condition_style == "root":
        schema.update(branches[0])
    elif branches:
        schema["allOf"] = branches
    for f in conditional:
        field_ui = _field_ui(f)
        if field_ui:
            ui[f.name] = field_ui
    if conditional and "ui:order" not in ui:
        ui["ui:order"] = [f.name for f in model.fields]
    return schema, ui


def _branch(f: FieldModel) -> dict[str, Any]:
    condition = f.condition
    assert condition is not None
    test = {"enum": list(condition.value)} if condition.operator == "in" else {"const": condition.value}
    shown: dict[str, Any] = {"properties": {f.name: _field_schema(f)}}
    if f.required:
        shown["required"] = [f.name]
    when = {"properties": {condition.field: test}, "required": [condition.field]}
    return {"if": when, "else" if condition.operator == "ne" else "then": shown}


def _object_schema(model: FormModel, fields: list[FieldModel]) -> tuple[dict[str, Any], dict[str, Any]]:
    schema: dict[str, Any] = {"type": "object", "properties": {f.name: _field_schema(f) for f in fields}}
    required = [f.name for f in fields if f.required]
    schema["required"] = required
    if model.closed:
        schema["additionalProperties"] = False
    ui: dict[str, Any] = {}
    if model.explicit_order:
        ui["ui:order"] = [f.name for f in model.fields]
    if model.columns:
        ui["ui:columns"] = model.columns
    if model.sections:
        ui["ui:sections"] = [_section_ui(s) for s in model.sections]
    for f in fields:
        field_ui = _field_ui(f)
        if field_ui:
            ui[f.name] = field_ui
    return schema, ui


def _section_ui(section: Section) -> dict[str, Any]:
    entry: dict[str, Any] = {"title": section.title, "fields": list(section.fields)}
    if section.help:
        entry["help"] = section.help
    return entry


def _options(f: FieldModel) -> dict[str, Any]:
    if f.options_as_enum:
        return {"enum": [o.value for o in f.options]}
    return {"oneOf": [{"const": o.value, "title": o.label} for o in f.options]}


def _field_schema(f: FieldModel) -> dict[str, Any]:
    s: dict[str, Any] = {}
    if f.kind == "element":
        s["$ref"] = f"{ELEMENT_REF_PREFIX}{f.element}"
        if f.label:
            s["title"] = f.label
        if f.help and not f.help_in_ui:
            s["description"] = f.help
        elif f.help_in_ui and f.description:
            s["description"] = f.description
        return s
    if f.kind == "group":
        assert f.children is not None
        body, _ = _object_document(f.children)
        s.update(body)
    elif f.kind == "table":
        assert f.children is not None
        row, _ = _object_document(f.children)
        if f.children.title:
            row = {"type": "object", "title": f.children.title, **{k: v for k, v in row.items() if k != "type"}}
        s.update({"type": "array", "items": row})
    elif f.kind == "multichoice":
        s.update({"type": "array", "items": {"type": f.value_type, **_options(f)}})
        if f.unique:
            s["uniqueItems"] = True
    elif f.kind == "choice":
        s.update({"type": f.value_type, **_options(f)})
    elif f.kind in ("integer", "number", "boolean"):
        s["type"] = f.kind
    else:
        s["type"] = "string"
        if f.kind in KIND_FORMATS:
            s["format"] = KIND_FORMATS[f.kind]
    if f.label:
        s["title"] = f"{f.label}（{f.unit}）" if f.unit else f.label
    if f.unit:
        s["x-unit"] = f.unit
    if f.help and not f.help_in_ui:
        s["description"] = f.help
    elif f.help_in_ui and f.description:
        s["description"] = f.description
    if f.default is not None:
        s["default"] = f.default
    if f.readonly and not f.readonly_in_ui:
        s["readOnly"] = True
    for key, value in (
        ("minLength", f.min_length),
        ("maxLength", f.max_length),
        ("minimum", f.minimum),
        ("maximum", f.maximum),
    ):
        if value is not None:
            s[key] = value
    if f.pattern:
        s["pattern"] = f.pattern
    if f.kind == "upload" and f.media_type:
        s["contentMediaType"] = f.media_type
    if f.kind in ("table", "multichoice"):
        if f.min_rows is not None:
            s["minItems"] = f.min_rows
        if f.max_rows is not None:
            s["maxItems"] = f.max_rows
    return s


def _field_ui(f: FieldModel) -> dict[str, Any]:
    ui: dict[str, Any] = {}
    if f.widget:
        ui["ui:widget"] = f.widget
    elif f.kind == "upload" and not f.media_type:
        ui["ui:widget"] = "upload"  # a plain string is a text box unless the ui says otherwise
    if f.placeholder:
        ui["ui:placeholder"] = f.placeholder
    if f.help and f.help_in_ui:
        ui["ui:help"] = f.help
    if f.readonly and f.readonly_in_ui:
        ui["ui:readonly"] = True
    if f.width:
        ui["ui:width"] = f.width
    if f.kind == "upload":
        if f.accept:
            ui["ui:accept"] = [a.strip() for a in f.accept.split(",") if a.strip()] if f.accept_as_list else f.accept
        if f.max_bytes:
            ui["ui:maxBytes"] = f.max_bytes
    if f.kind == "group" and f.children is not None:
        _, child_ui = _object_document(f.children)
        ui.update(child_ui)
    if f.kind == "table" and f.children is not None:
        _, row_ui = _object_document(f.children)
        if row_ui:
            ui["items"] = row_ui
    return ui
