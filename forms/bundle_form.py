"""A bundle's one merged form, composed from its member items' forms (一件事一表).

Each member's form is a JSON Schema object. A field two or more members use (the same data element, or, for a
field no element backs, the same property name) is asked once, in a shared section; every other field stays in
its member's own section. The case data stays flat, so each member's conditions, requirements and approval path
read the field by the name they always used.

A field the members define differently is merged by the strictest rule where that is sound (required wins, the
shorter maxLength wins, the intersection of the choices...) and otherwise refused with the conflict named:
which field, which items, which rule. Nothing is merged silently. Pure Python: no Flask, no database.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

SHARED_SECTION = "shared"
ELEMENT_KEYS = ("x-element", "x-data-element")  # where an expanded data element names itself (see field_identity)

# Keywords that only describe a field to people: the first member's wording is kept.
_WORDING = frozenset({"title", "x-title-en", "description", "examples", "default", "$comment", "enumNames", "x-ui"})
# Upper limits (the smaller wins) and lower limits (the larger wins).
_UPPER = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxContains", "maxProperties")
_LOWER = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minContains", "minProperties")
_RULE_NAMES = {
    "type": "类型",
    "format": "格式",
    "pattern": "正则格式",
    "enum": "可选值",
    "const": "固定值",
    "contentMediaType": "材料文件类型",
    "multipleOf": "倍数",
    "items": "列表项定义",
    "properties": "子字段定义",
    "$ref": "引用",
}
# Top-level keywords of a member's form that state conditions and requirements: kept, each in an allOf entry.
_CONDITION_KEYWORDS = ("if", "then", "else", "allOf", "anyOf", "oneOf", "not", "dependentRequired", "dependentSchemas")


@dataclass(frozen=True)
class MemberForm:
    """One member item's published form: ``key`` names its section (the item's code), ``name`` is shown."""

    key: str
    name: str
    schema: dict[str, Any]
    ui: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldConflict:
    """Two or more members define one field in ways that cannot be merged soundly."""

    field: str
    label: str
    items: tuple[str, ...]
    rule: str
    detail: str

    def __str__(self) -> str:
        names = "、".join(f"「{name}」" for name in self.items)
        return f"字段「{self.label}」（{self.field}）在{names}中的{self.rule}不一致，无法合并：{self.detail}"


class BundleFormConflict(ValueError):
    """The members' forms cannot be merged; ``conflicts`` names each field, its items and the rule."""

    def __init__(self, conflicts: Sequence[FieldConflict]):
        self.conflicts = list(conflicts)
        super().__init__("；".join(str(c) for c in self.conflicts))


@dataclass(frozen=True)
class MergedForm:
    """The composed form: schema and ui hints, and which section (``shared`` or a member key) each field is in."""

    schema: dict[str, Any]
    ui: dict[str, Any]
    sections: dict[str, str]  # field name -> "shared" or the member key
    shared_by: dict[str, tuple[str, ...]]  # shared field -> the member keys using it
    resolutions: tuple[str, ...]  # how each differently-defined shared field was merged, in Chinese

    def fields_for(self, member_keys: Sequence[str]) -> set[str]:
        """The fields a department owning ``member_keys`` may see: the shared section and its own sections."""
        keys = set(member_keys)
        return {name for name, section in self.sections.items() if section == SHARED_SECTION or section in keys}


def field_identity(name: str, prop: Any) -> str:
    """What makes two members' fields "the same field": the data element they name, else the property name."""
    if isinstance(prop, dict):
        for key in ELEMENT_KEYS:
            if isinstance(prop.get(key), str) and prop[key]:
                return f"element:{prop[key]}"
    return f"name:{name}"


def compose_form(
    members: Sequence[MemberForm], *, shared_title: str = "共同信息（各部门共用，只填一次）"
) -> MergedForm:
    """Merge the members' forms into one; raises BundleFormConflict naming every conflict found."""
    if len(members) < 2:
        raise ValueError("一件事至少需要两个成员事项")
    conflicts: list[FieldConflict] = []
    # The case data is flat: one property name is one field. A data element used under two names is refused; a
    # name one member backs with an element and another does not is merged like any other shared field.
    users: dict[str, list[tuple[MemberForm, str, dict[str, Any]]]] = {}
    by_element: dict[str, list[tuple[MemberForm, str, dict[str, Any]]]] = {}
    for member in members:
        for name, prop in _properties(member.schema).items():
            users.setdefault(name, []).append((member, name, prop))
            identity = field_identity(name, prop)
            if identity.startswith("element:"):
                by_element.setdefault(identity, []).append((member, name, prop))
    for uses in by_element.values():
        names = {name for _, name, _ in uses}
        if len(names) > 1:
            detail = f"同一数据元使用了不同字段名：{'、'.join(sorted(names))}"
            conflicts.append(_conflict(uses, uses[0][1], _label(uses[0][1], uses[0][2]), "字段名", detail))
    properties: dict[str, Any] = {}
    sections: dict[str, str] = {}
    shared_by: dict[str, tuple[str, ...]] = {}
    resolutions: list[str] = []
    for uses in users.values():
        name = uses[0][1]
        if len(uses) == 1:
            properties[name] = copy.deepcopy(uses[0][2])
            sections[name] = uses[0][0].key
            continue
        merged = _merge_definitions(name, uses, [prop for _, _, prop in uses], conflicts, resolutions)
        if merged is not None:
            properties[name] = merged
            sections[name] = SHARED_SECTION
            shared_by[name] = tuple(m.key for m, _, _ in uses)
    conflicts.extend(_defs_conflicts(members))
    if conflicts:
        raise BundleFormConflict(conflicts)
    schema = _merged_schema(members, properties)
    ui = _merged_ui(members, sections, shared_title)
    _place_conditional_fields(members, sections)
    return MergedForm(schema, ui, sections, shared_by, tuple(resolutions))


def _place_conditional_fields(members: Sequence[MemberForm], sections: dict[str, str]) -> None:
    """Fields a member declares only inside its conditions (shown when another field says so) belong to that
    member's section too (or the shared one, when several members declare them), so visibility covers them."""
    declared: dict[str, set[str]] = {}
    for member in members:
        for name in _conditional_names(_conditions_of(member.schema)):
            if name not in _properties(member.schema):
                declared.setdefault(name, set()).add(member.key)
    for name, keys in declared.items():
        if name in sections:
            if sections[name] not in keys:
                sections[name] = SHARED_SECTION
        else:
            sections[name] = next(iter(keys)) if len(keys) == 1 else SHARED_SECTION


def _conditional_names(schema: Any) -> set[str]:
    names: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                names.update(node["properties"])
            stack.extend(v for k, v in node.items() if k != "properties")
        elif isinstance(node, list):
            stack.extend(node)
    return names


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    props = schema.get("properties")
    return props if isinstance(props, dict) else {}


def _label(name: str, prop: Any) -> str:
    title = prop.get("title") if isinstance(prop, dict) else None
    return str(title) if title else name


def _conflict(
    uses: list[tuple[MemberForm, str, dict[str, Any]]], path: str, label: str, rule: str, detail: str
) -> FieldConflict:
    return FieldConflict(path, label, tuple(m.name for m, _, _ in uses), rule, detail)


def _merge_definitions(
    path: str,
    uses: list[tuple[MemberForm, str, dict[str, Any]]],
    props: list[Any],
    conflicts: list[FieldConflict],
    resolutions: list[str],
) -> dict[str, Any] | None:
    """One field's definitions (``props``, one per use) merged by the strictest rule, or None after adding the
    conflicts found. Objects merge field by field: the union of their fields, each merged the same way."""
    definitions = [prop if isinstance(prop, dict) else {} for prop in props]
    merged = copy.deepcopy(definitions[0])
    label = _label(path, definitions[0])
    found: list[FieldConflict] = []
    keywords = sorted({k for d in definitions for k in d} - _WORDING)
    meaning = _different_meaning(definitions, keywords)
    if meaning:
        conflicts.append(_conflict(uses, path, label, "含义", meaning))
        return None
    for keyword in keywords:
        values = [d.get(keyword) for d in definitions]
        present = [v for v in values if v is not None]
        if all(_same(v, present[0]) for v in present) and len(present) == len(values):
            continue
        if keyword in ELEMENT_KEYS:
            if len({str(v) for v in present}) > 1:
                found.append(
                    _conflict(
                        uses, path, label, "数据元", "同名字段引用了不同的数据元：" + "、".join(map(str, present))
                    )
                )
            else:
                merged[keyword] = present[0]
            continue
        if keyword == "properties" and all(isinstance(v, dict) for v in present):
            merged[keyword] = _merge_object_fields(path, uses, present, found, resolutions)
            continue
        if keyword == "required" and all(isinstance(v, list) for v in present):
            merged[keyword] = [n for i, v in enumerate(present) for n in v if n not in sum(present[:i], [])]
            continue
        # An upload limited to one file type in one member and open to any in another: the limit is the strictest
        # rule and a file meeting it meets both (the builder marks an open upload in its ui only).
        one_type = len({str(v) for v in present}) == 1
        if keyword == "contentMediaType" and one_type and _all_uploads(uses, path, definitions):
            merged[keyword] = present[0]
            resolutions.append(f"「{label}」的材料文件类型取最严：{present[0]}")
            continue
        outcome = _strictest(keyword, values)
        if isinstance(outcome, str):
            found.append(_conflict(uses, path, label, _RULE_NAMES.get(keyword, keyword), outcome))
            continue
        merged[keyword] = outcome[0]
        if "enumNames" in merged and keyword == "enum":
            merged.pop("enumNames")  # the titles listed the old choices; x-ui / oneOf titles stay with the values
        resolutions.append(f"「{label}」的{_RULE_NAMES.get(keyword, keyword)}取最严：{outcome[1]}")
    found.extend(_bounds_crossed(uses, path, label, merged))
    conflicts.extend(found)
    return None if found else merged


def _all_uploads(
    uses: list[tuple[MemberForm, str, dict[str, Any]]], path: str, definitions: list[dict[str, Any]]
) -> bool:
    """Whether every member's field at ``path`` is an upload: its schema names a file type, or its member's ui
    hints make it one (``ui:widget: upload``)."""
    if len(uses) != len(definitions):
        return False  # a nested field some members lack: which definition is whose is not known here
    for (member, _, _), definition in zip(uses, definitions, strict=True):
        if "contentMediaType" in definition:
            continue
        ui: Any = member.ui
        for part in path.split("."):
            ui = ui.get(part) if isinstance(ui, dict) else None
        if not (isinstance(ui, dict) and ui.get("ui:widget") == "upload"):
            return False
    return True


def _merge_object_fields(
    path: str,
    uses: list[tuple[MemberForm, str, dict[str, Any]]],
    present: list[dict[str, Any]],
    found: list[FieldConflict],
    resolutions: list[str],
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for name in dict.fromkeys(n for props in present for n in props):
        defining = [props[name] for props in present if name in props]
        if len(defining) == 1:
            merged[name] = copy.deepcopy(defining[0])
            continue
        result = _merge_definitions(f"{path}.{name}", uses, defining, found, resolutions)
        if result is not None:
            merged[name] = result
    return merged


def _different_meaning(definitions: list[dict[str, Any]], keywords: list[str]) -> str | None:
    """Two fields that share a name but neither a title nor their rules are taken for two different things (an
    advert's area is not a restaurant's): refused, never merged. No data element backs them, so their name is all
    that says they are the same; same-titled ones (or same rules under other titles) are merged."""
    elements = {next((str(d[k]) for k in ELEMENT_KEYS if d.get(k)), "") for d in definitions}
    # All backed by one data element: the same field by definition. One backed and one not: the name is all that
    # joins them, as with no element at all.
    if (len(elements) == 1 and "" not in elements) or any(d.get("type") == "object" for d in definitions):
        return None
    titles = {str(d.get("title")) for d in definitions if d.get("title")}
    if len(titles) < 2:
        return None
    rules_differ = any(len({json.dumps(d.get(k), sort_keys=True) for d in definitions}) > 1 for k in keywords)
    if not rules_differ:
        return None
    return f"同名字段的标题（{'、'.join(sorted(titles))}）和规则都不同，应是不同的字段：请改名或改用数据元"


def _strictest(keyword: str, values: list[Any]) -> tuple[Any, str] | str:
    """(merged value, how it was chosen) or the reason it cannot be merged."""
    present = [v for v in values if v is not None]
    if keyword in _UPPER and all(_is_number(v) for v in present):
        return min(present), f"{keyword} = {min(present)}"
    if keyword in _LOWER and all(_is_number(v) for v in present):
        return max(present), f"{keyword} = {max(present)}"
    if keyword == "enum" and all(isinstance(v, list) for v in present):
        common = [v for v in present[0] if all(any(_same(v, w) for w in other) for other in present[1:])]
        if not common:
            return "可选值没有交集（" + " / ".join(_show(v) for v in present) + "）"
        return common, "可选值取交集 " + _show(common)
    if keyword == "oneOf" and all(_is_const_list(v) for v in present):
        consts = [[c.get("const") for c in v] for v in present]
        common = [c for c in present[0] if all(any(_same(c.get("const"), w) for w in other) for other in consts[1:])]
        if not common:
            return "可选值没有交集（" + " / ".join(_show(v) for v in consts) + "）"
        return common, "可选值取交集 " + _show([c.get("const") for c in common])
    if keyword == "readOnly":
        return any(v is True for v in present), "只读"
    if len(present) < len(values):
        return f"部分事项规定了{_RULE_NAMES.get(keyword, keyword)}（{_show(present[0])}），部分没有，无法判断哪个更严"
    return "定义不同（" + " / ".join(_show(v) for v in present) + "）"


def _bounds_crossed(
    uses: list[tuple[MemberForm, str, dict[str, Any]]], path: str, label: str, merged: dict[str, Any]
) -> list[FieldConflict]:
    crossed = []
    for low, high in (("minLength", "maxLength"), ("minimum", "maximum"), ("minItems", "maxItems")):
        if _is_number(merged.get(low)) and _is_number(merged.get(high)) and merged[low] > merged[high]:
            crossed.append(
                _conflict(uses, path, label, f"{low}/{high}", f"取最严后下限 {merged[low]} 大于上限 {merged[high]}")
            )
    return crossed


def _is_const_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(c, dict) and "const" in c for c in value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _defs_conflicts(members: Sequence[MemberForm]) -> list[FieldConflict]:
    seen: dict[str, tuple[MemberForm, Any]] = {}
    found = []
    for member in members:
        for name, definition in (member.schema.get("$defs") or {}).items():
            if name in seen and not _same(seen[name][1], definition):
                found.append(
                    FieldConflict(
                        f"$defs/{name}", name, (seen[name][0].name, member.name), "共用定义", "同名定义内容不同"
                    )
                )
            seen.setdefault(name, (member, definition))
    return found


def _merged_schema(members: Sequence[MemberForm], properties: dict[str, Any]) -> dict[str, Any]:
    required: list[str] = []
    for member in members:
        for name in member.schema.get("required") or []:
            if name not in required:
                required.append(name)  # required in any member: required in the bundle (required wins)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": required,
    }
    defs: dict[str, Any] = {}
    for member in members:
        defs.update(copy.deepcopy(member.schema.get("$defs") or {}))
    if defs:
        schema["$defs"] = defs
    conditions = [_conditions_of(member.schema) for member in members]
    if any(conditions):
        schema["allOf"] = [c for c in conditions if c]
    if all(member.schema.get("additionalProperties") is False for member in members):
        schema["additionalProperties"] = False
    return schema


def _conditions_of(schema: dict[str, Any]) -> dict[str, Any]:
    """A member's top-level conditions and requirements, kept as one allOf entry of the merged schema."""
    return {k: copy.deepcopy(schema[k]) for k in _CONDITION_KEYWORDS if k in schema}


def _merged_ui(members: Sequence[MemberForm], sections: dict[str, str], shared_title: str) -> dict[str, Any]:
    ui: dict[str, Any] = {}
    ordered: dict[str, list[str]] = {SHARED_SECTION: []}
    for member in members:
        ordered[member.key] = []
        for name in _field_order(member):
            section = sections.get(name)
            if section is None or name in ordered[section]:
                continue
            ordered[section].append(name)
            if name not in ui and isinstance(member.ui.get(name), dict):
                ui[name] = copy.deepcopy(member.ui[name])
    layout = []
    if ordered[SHARED_SECTION]:
        layout.append({"title": shared_title, "fields": ordered[SHARED_SECTION]})
    for member in members:
        if ordered[member.key]:
            layout.append({"title": member.name, "fields": ordered[member.key]})
    ui["ui:sections"] = layout
    ui["ui:columns"] = 2
    return ui


def _field_order(member: MemberForm) -> list[str]:
    """The member's own order of its fields: its sections, then ui:order, then the schema's order."""
    names = list(_properties(member.schema))
    order: list[str] = []
    for section in member.ui.get("ui:sections") or []:
        order.extend(n for n in section.get("fields", []) if n in names and n not in order)
    listed = member.ui.get("ui:order") or []
    for name in listed:
        if name == "*":
            order.extend(n for n in names if n not in order and n not in listed)
        elif name in names and name not in order:
            order.append(name)
    order.extend(n for n in names if n not in order)
    return order
