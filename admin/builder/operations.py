"""What the builder's buttons do to a FormModel: add, edit, move and remove fields, and lay out sections.

Each operation takes the model and plain values (what a form post carries) and returns the problems in Chinese,
naming the field by its label; an operation with problems changes nothing. Plain Python: no Flask.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from admin.builder.model import ELEMENT_KIND, KINDS, OPERATORS, Condition, FieldModel, FormModel, Option, Section
from forms.elements import ELEMENT_REF_PREFIX

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
MAX_FIELDS = 500


class BuilderError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def split_path(path: str) -> list[str]:
    return [p for p in path.split("/") if p]


def container(model: FormModel, path: list[str]) -> FormModel:
    """The FormModel holding the field at `path` (the form itself, a group's fields or a table's row)."""
    current = model
    for name in path[:-1]:
        parent = current.find(name)
        if parent is None or parent.children is None:
            raise BuilderError([f"找不到字段 {'/'.join(path)}（可能已被别人删除）"])
        current = parent.children
    return current


def field_at(model: FormModel, path: list[str]) -> FieldModel:
    found = container(model, path).find(path[-1]) if path else None
    if found is None:
        raise BuilderError([f"找不到字段 {'/'.join(path)}（可能已被别人删除）"])
    return found


def label_of(f: FieldModel) -> str:
    return f"“{f.label or f.name}”"


def _fresh_name(owner: FormModel, kind: str) -> str:
    taken = {f.name for f in owner.fields}
    number = len(owner.fields) + 1
    while f"{kind}_{number}" in taken:
        number += 1
    return f"{kind}_{number}"


def _element_name(owner: FormModel, element: str) -> str:
    """An element's field is named after it (cn-mobile -> cn_mobile) unless the form has that name already."""
    base = element.replace("-", "_")
    return base if owner.find(base) is None else _fresh_name(owner, base)


def add_field(
    model: FormModel, kind: str, label: str, *, into: str = "", name: str = "", refused: frozenset[str] = frozenset()
) -> str:
    """Add a field at the end of the form (or of a group/table row named by `into`); its path."""
    element = kind[len(ELEMENT_REF_PREFIX) :] if kind.startswith(ELEMENT_REF_PREFIX) else ""
    if element and ELEMENT_KIND in refused:
        raise BuilderError(["决策表单不能添加数据元字段"])
    if kind in refused:
        raise BuilderError([f"此表单不能添加“{KINDS[kind]}”字段"])
    if kind not in KINDS and not element:
        raise BuilderError([f"未知的字段类型：{kind}"])
    owner = model
    if into:
        parent = field_at(model, split_path(into))
        if parent.children is None:
            raise BuilderError([f"{label_of(parent)}不是分组或表格，不能在其中添加字段"])
        owner = parent.children
    if count_fields(model) >= MAX_FIELDS:
        raise BuilderError([f"一张表单最多 {MAX_FIELDS} 个字段"])
    name = name.strip() or (_element_name(owner, element) if element else _fresh_name(owner, kind))
    if not NAME.match(name):
        raise BuilderError([f"字段名“{name}”须以英文字母开头，只含字母、数字和下划线"])
    if owner.find(name) is not None:
        raise BuilderError([f"字段名“{name}”已被使用"])
    if element:  # the element's own label is shown unless the admin typed one for this form
        owner.fields.append(FieldModel(name=name, kind=ELEMENT_KIND, label=label.strip()[:200], element=element))
        return "/".join([*split_path(into), name])
    field = FieldModel(name=name, kind=kind, label=label.strip()[:200] or KINDS[kind])
    if kind == "textarea":
        field.widget = "textarea"
    if kind == "upload":
        field.widget = "upload"
    if kind in ("choice", "multichoice"):
        field.options = [Option("option_1", "选项一"), Option("option_2", "选项二")]
        field.unique = kind == "multichoice"
    if kind in ("group", "table"):
        field.children = FormModel(closed=True)
    owner.fields.append(field)
    return "/".join([*split_path(into), name])


def count_fields(model: FormModel) -> int:
    return sum(1 + (count_fields(f.children) if f.children else 0) for f in model.fields)


def move_field(model: FormModel, path: str, *, delta: int = 0, to: int | None = None) -> None:
    names = split_path(path)
    owner = container(model, names)
    field = field_at(model, names)
    index = owner.fields.index(field)
    target = to if to is not None else index + delta
    target = max(0, min(len(owner.fields) - 1, target))
    owner.fields.insert(target, owner.fields.pop(index))
    owner.explicit_order = owner.explicit_order or any(f.condition for f in owner.fields)


def remove_field(model: FormModel, path: str) -> None:
    names = split_path(path)
    owner = container(model, names)
    field = field_at(model, names)
    dependants = [f for f in owner.fields if f.condition and f.condition.field == field.name]
    if dependants:
        who = "、".join(label_of(f) for f in dependants)
        raise BuilderError([f"{who}仅在{label_of(field)}满足条件时显示；请先修改或删除这些字段的条件"])
    owner.fields.remove(field)
    for section in owner.sections:
        if field.name in section.fields:
            section.fields.remove(field.name)


def _number(text: str, label: str, problems: list[str], integer: bool = False) -> float | int | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{label}须为数字，而不是“{text}”")
        return None
    if integer or value.is_integer():
        return int(value)
    return value


def parse_options(text: str) -> list[Option]:
    """One option a line: `值=显示文字`, or just the text (its value is then the text itself)."""
    options = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        value, _, label = line.partition("=")
        options.append(Option(value.strip(), label.strip() or value.strip()))
    return options


def options_text(field: FieldModel) -> str:
    return "\n".join(o.label if o.value == o.label else f"{o.value}={o.label}" for o in field.options)


def _typed(value: str, value_type: str) -> Any:
    if value_type == "boolean":
        return value in ("true", "1", "是")
    if value_type in ("integer", "number"):
        number = float(value)
        return int(number) if value_type == "integer" or number.is_integer() else number
    return value


def _default(field: FieldModel, text: str, problems: list[str]) -> Any:
    text = text.strip()
    if not text or field.kind in ("group", "table", "upload", "multichoice"):
        return None
    if field.kind == "boolean":
        return text in ("true", "1", "是")
    if field.kind in ("integer", "number"):
        return _number(text, f"{label_of(field)}的默认值", problems, integer=field.kind == "integer")
    if field.kind == "choice":
        values = {str(o.value): o.value for o in field.options}
        if text not in values:
            problems.append(f"{label_of(field)}的默认值“{text}”不是其中一个选项")
            return None
        return values[text]
    return text


def update_field(model: FormModel, path: str, form: Mapping[str, str]) -> str:
    """Apply the posted edit panel to the field; its (possibly renamed) path. Nothing changes on a problem."""
    names = split_path(path)
    owner = container(model, names)
    field = field_at(model, names)
    problems: list[str] = []
    name = form.get("name", field.name).strip()
    if name != field.name:
        if not NAME.match(name):
            problems.append(f"字段名“{name}”须以英文字母开头，只含字母、数字和下划线")
        elif owner.find(name) is not None:
            problems.append(f"字段名“{name}”已被使用")
    label = form.get("label", "").strip()
    if not label and field.kind != ELEMENT_KIND:  # an element's field is titled by the element unless given one
        problems.append("标题不能为空")
    for key, limit, word in (("label", 200, "标题"), ("help", 2000, "说明"), ("placeholder", 200, "占位提示")):
        if len(form.get(key, "")) > limit:
            problems.append(f"{label_of(field)}的{word}最多 {limit} 个字")
    if len(form.get("options", "")) > 20000 or len(parse_options(form.get("options", ""))) > 500:
        problems.append(f"{label_of(field)}最多 500 个选项")
    numbers = {
        key: _number(form.get(key, ""), text, problems, integer=key not in ("minimum", "maximum"))
        for key, text in (
            ("min_length", "最少字数"),
            ("max_length", "最多字数"),
            ("minimum", "最小值"),
            ("maximum", "最大值"),
            ("min_rows", "最少行数"),
            ("max_rows", "最多行数"),
            ("max_mb", "文件大小上限"),
        )
    }
    for low, high, what in (("min_length", "max_length", "字数"), ("minimum", "maximum", "数值")):
        if numbers[low] is not None and numbers[high] is not None and numbers[low] > numbers[high]:  # type: ignore[operator]
            problems.append(f"{label_of(field)}的最小{what}大于最大{what}")
    if (
        numbers["min_rows"] is not None
        and numbers["max_rows"] is not None
        and numbers["min_rows"] > numbers["max_rows"]
    ):  # type: ignore[operator]
        problems.append(f"{label_of(field)}的最少行数大于最多行数")
    if numbers["max_rows"] is not None and numbers["max_rows"] > 200:  # type: ignore[operator]
        problems.append(f"{label_of(field)}最多 200 行")
    options = parse_options(form.get("options", "")) if field.kind in ("choice", "multichoice") else field.options
    if field.kind in ("choice", "multichoice"):
        if len(options) < 2 and field.value_type != "boolean":
            problems.append(f"{label_of(field)}至少需要两个选项")
        if len({str(o.value) for o in options}) != len(options):
            problems.append(f"{label_of(field)}的选项值有重复")
        if field.value_type != "string":
            try:
                options = [Option(_typed(str(o.value), field.value_type), o.label) for o in options]
            except ValueError:
                problems.append(f"{label_of(field)}的选项值须为数字")
    condition = _condition(owner, field, form, problems)
    pattern = form.get("pattern", field.pattern).strip()
    if pattern:
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(f"{label_of(field)}的格式规则（正则表达式）有误：位置 {exc.pos}")
    if problems:
        raise BuilderError(problems)
    before = field.name
    field.name, field.label = name, label
    field.help = form.get("help", "").strip()
    field.placeholder = form.get("placeholder", "").strip()
    field.required = form.get("required") in ("on", "true", "1")
    field.readonly = form.get("readonly") in ("on", "true", "1")
    field.width = "full" if form.get("width") == "full" else ""
    field.unit = form.get("unit", "").strip() if field.kind in ("integer", "number") else ""
    field.pattern = pattern
    field.min_length, field.max_length = numbers["min_length"], numbers["max_length"]  # type: ignore[assignment]
    field.minimum, field.maximum = numbers["minimum"], numbers["maximum"]
    if field.kind in ("table", "multichoice"):
        field.min_rows, field.max_rows = numbers["min_rows"], numbers["max_rows"]  # type: ignore[assignment]
    if field.kind == "upload":
        field.accept = form.get("accept", "").strip()
        field.max_bytes = int(numbers["max_mb"] * 1024 * 1024) if numbers["max_mb"] else None  # type: ignore[operator]
    if field.kind in ("choice", "multichoice"):
        field.options = options
        widget = form.get("widget", "")
        field.widget = widget if widget in ("radio", "select", "checkboxes") else ""
    field.condition = condition
    default_problems: list[str] = []
    field.default = _default(field, form.get("default", ""), default_problems)
    if default_problems:
        raise BuilderError(default_problems)
    _place_in_section(owner, field, before, form.get("section"))
    if before != name:
        _rename_references(owner, before, name)
    return "/".join([*names[:-1], name])


def _condition(owner: FormModel, field: FieldModel, form: Mapping[str, Any], problems: list[str]) -> Condition | None:
    control_name = form.get("cond_field", "").strip()
    if not control_name:
        return None
    control = owner.find(control_name)
    if control is None or control is field:
        problems.append("“仅在……时显示”须选择表单中的另一个字段")
        return None
    if control.condition is not None:
        problems.append(f"{label_of(control)}本身按条件显示，不能再作为条件")
        return None
    operator = form.get("cond_op", "eq")
    if operator not in OPERATORS:
        problems.append(f"未知的条件：{operator}")
        return None
    getlist = getattr(form, "getlist", lambda key: [form.get(key, "")])
    if control.kind in ("boolean", "choice"):
        allowed = {"true": True, "false": False} if control.kind == "boolean" else {}
        allowed.update({_option_key(o.value): o.value for o in control.options})
        values = [allowed[v] for v in getlist("cond_value") if v in allowed]
    else:
        text = form.get("cond_text", "").strip()
        values = [text] if text else []
        if control.kind in ("integer", "number") and values:
            try:
                values = [_typed(text, control.kind)]
            except ValueError:
                problems.append(f"{label_of(control)}的条件值须为数字")
                return None
    if not values:
        problems.append(f"请为{label_of(field)}的显示条件选择{label_of(control)}的一个值")
        return None
    return Condition(control.name, operator, values if operator == "in" else values[0])


def _option_key(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _place_in_section(owner: FormModel, field: FieldModel, before: str, wanted: str | None) -> None:
    if wanted is None:
        for section in owner.sections:
            section.fields = [field.name if n == before else n for n in section.fields]
        return
    for section in owner.sections:
        if before in section.fields:
            section.fields.remove(before)
    if wanted.isdecimal() and int(wanted) < len(owner.sections):
        owner.sections[int(wanted)].fields.append(field.name)
        _sort_section(owner, owner.sections[int(wanted)])


def _sort_section(owner: FormModel, section: Section) -> None:
    order = {f.name: i for i, f in enumerate(owner.fields)}
    section.fields.sort(key=lambda n: order.get(n, 0))


def _rename_references(owner: FormModel, before: str, after: str) -> None:
    for f in owner.fields:
        if f.condition and f.condition.field == before:
            f.condition.field = after


def set_sections(model: FormModel, path: str, form: Mapping[str, Any]) -> None:
    """Sections (titles and help texts, one per posted row; an empty title removes that section) and columns."""
    owner = field_at(model, split_path(path)).children if path else model
    if owner is None:
        raise BuilderError(["只有表单、分组和表格可以分栏或分组"])
    getlist = getattr(form, "getlist", lambda key: [form.get(key, "")])
    titles, helps = getlist("section_title"), getlist("section_help")
    kept: list[Section] = []
    for index, title in enumerate(titles):
        if not title.strip():
            continue
        section = owner.sections[index] if index < len(owner.sections) else Section(title.strip())
        section.title = title.strip()
        section.help = helps[index].strip() if index < len(helps) else ""
        kept.append(section)
    new_title = form.get("new_section", "").strip()
    if new_title:
        chosen = [f.name for f in owner.fields if f.name in getlist("new_section_fields")]
        if not chosen:
            raise BuilderError([f"新分组“{new_title}”至少要包含一个字段"])
        for section in kept:
            section.fields = [n for n in section.fields if n not in chosen]
        kept.append(Section(new_title, chosen))
    kept = [s for s in kept if s.fields]
    move = form.get("section_move", "")
    if re.fullmatch(r"\d+:-?1", move):
        index, delta = (int(part) for part in move.split(":"))
        if 0 <= index < len(kept) and 0 <= index + delta < len(kept):
            kept.insert(index + delta, kept.pop(index))
    owner.sections = kept
    columns = form.get("columns", "")
    owner.columns = int(columns) if columns in ("2", "3") else None
