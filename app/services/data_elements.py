"""The data element catalogue: checking and storing elements, expanding forms at publish, who uses what."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import DataElement, Department, ItemVersion, PrefillSource, ServiceItem
from app.services.errors import PublishRefused
from forms import FormSchemaError, compile_form
from forms.elements import ElementDefinition, ElementReferenceError, element_fields, expand_elements

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# Keywords that describe the field rather than its data: the element's label and help say them.
_PRESENTATION = {"title", "description", "$ref", "x-element", "x-title-en"}


def element_catalogue() -> dict[str, ElementDefinition]:
    return {row.key: row.definition() for row in db.session.scalars(select(DataElement))}


def expand_form_schema(schema: dict[str, Any], elements: dict[str, ElementDefinition] | None = None) -> dict[str, Any]:
    """The published form of an authored one: every element reference expanded (PublishRefused names each
    field whose element does not exist)."""
    try:
        return expand_elements(schema, element_catalogue() if elements is None else elements)
    except ElementReferenceError as exc:
        raise PublishRefused("申请表引用了不存在的数据元", details=exc.problems) from exc


@dataclass
class ElementFields:
    """What an admin or a catalogue file says about one element."""

    key: str
    label: str
    schema: dict[str, Any]
    label_en: str = ""
    help: str = ""
    personal: bool = False
    prefill: str = PrefillSource.NONE.value
    department: str | None = None  # department code; None = the platform's own

    @classmethod
    def from_file(cls, row: dict[str, Any]) -> ElementFields:
        return cls(
            key=str(row.get("key", "")),
            label=str(row.get("label", "")),
            schema=row.get("schema") if isinstance(row.get("schema"), dict) else {},
            label_en=str(row.get("label_en", "")),
            help=str(row.get("help", "")),
            personal=bool(row.get("personal", False)),
            prefill=str(row.get("prefill", PrefillSource.NONE.value)),
            department=row.get("department"),
        )


def element_problems(fields: ElementFields) -> list[str]:
    """Every problem of an element, in Chinese, naming the element and the attribute."""
    name = f"数据元“{fields.key or '（未填写标识）'}”"
    problems = []
    if not KEY_PATTERN.match(fields.key) or len(fields.key) > 64:
        problems.append(f"{name}: 标识须为小写英文字母、数字和连字符（如 cn-resident-id），不超过 64 个字符")
    if not fields.label.strip():
        problems.append(f"{name}: 中文名称不能为空")
    if fields.prefill not in {p.value for p in PrefillSource}:
        problems.append(f"{name}: 预填来源“{fields.prefill}”无效（none / profile / latest_case）")
    if not fields.schema.get("type"):
        problems.append(f"{name}: 字段定义须写明类型（type），如 string、integer")
    if "$ref" in fields.schema or "x-element" in fields.schema:
        problems.append(f"{name}: 字段定义不能再引用其他数据元")
    if fields.schema.get("type") == "object":
        problems.append(f"{name}: 数据元是单个字段，不能是分组（object）")
    if not problems:
        probe = {
            "type": "object",
            "properties": {"value": ElementDefinition(fields.key, fields.schema, fields.label).fragment()},
        }
        try:
            compile_form(probe)
        except FormSchemaError as exc:
            problems += [f"{name}: 字段定义 {p.keyword}: {p.message}" for p in exc.problems]
    return problems


def save_element(fields: ElementFields) -> DataElement:
    """Create or update the element with `fields.key` (PublishRefused with every problem; nothing stored)."""
    problems = element_problems(fields)
    department = None
    if fields.department:
        department = db.session.scalar(select(Department).where(Department.code == fields.department))
        if department is None:
            problems.append(f"数据元“{fields.key}”: 所属部门 {fields.department} 不存在")
    if problems:
        raise PublishRefused(f"数据元“{fields.key}”未能保存", details=problems)
    element = db.session.scalar(select(DataElement).where(DataElement.key == fields.key))
    if element is None:
        element = DataElement(key=fields.key)
        db.session.add(element)
    element.label, element.label_en, element.help = fields.label, fields.label_en, fields.help
    element.schema = {k: v for k, v in fields.schema.items() if k not in _PRESENTATION}
    element.personal, element.prefill, element.department = fields.personal, fields.prefill, department
    db.session.flush()
    return element


def element_as_file(element: DataElement) -> dict[str, Any]:
    """The element as its catalogue file says it (`ElementFields.from_file` reads it back)."""
    return {
        "key": element.key,
        "label": element.label,
        "label_en": element.label_en,
        "help": element.help,
        "personal": element.personal,
        "prefill": element.prefill,
        "department": element.department.code if element.department else None,
        "schema": element.schema,
    }


def items_using_elements() -> dict[str, list[tuple[ServiceItem, list[str]]]]:
    """Element key -> the items whose live version uses it, with the field paths (for the admin's list)."""
    rows = db.session.execute(
        select(ServiceItem, ItemVersion.form_schema)
        .join(ItemVersion, ItemVersion.id == ServiceItem.live_version_id)
        .order_by(ServiceItem.code)
    )
    using: dict[str, list[tuple[ServiceItem, list[str]]]] = {}
    for item, schema in rows:
        by_key: dict[str, list[str]] = {}
        for path, key in element_fields(schema).items():
            by_key.setdefault(key, []).append(path)
        for key, paths in by_key.items():
            using.setdefault(key, []).append((item, sorted(paths)))
    return using
