"""What changed between two versions of an item, in the words the admin used: fields by their labels, guide
entries by their headings, BPMN elements by their names. Plain Python: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from admin.builder.guide_form import NEEDS, TEXT_FIELDS, material_need

KEYWORD_WORDS = {
    "type": "类型",
    "title": "标题",
    "description": "说明",
    "format": "格式",
    "minLength": "最少字数",
    "maxLength": "最多字数",
    "pattern": "格式规则",
    "minimum": "最小值",
    "maximum": "最大值",
    "oneOf": "选项",
    "enum": "选项",
    "default": "默认值",
    "readOnly": "只读",
    "contentMediaType": "文件类型",
    "minItems": "最少行数",
    "maxItems": "最多行数",
    "x-unit": "单位",
    "required": "必填",
    "condition": "显示条件",
    "ui:placeholder": "占位提示",
    "ui:help": "说明",
    "ui:widget": "控件",
    "ui:width": "宽度",
    "ui:accept": "文件类型",
    "ui:maxBytes": "文件大小上限",
    "ui:readonly": "只读",
}
GUIDE_WORDS = {**TEXT_FIELDS, "conditions": "申请条件", "statutory_days": "法定时限", "promised_days": "承诺时限"}
GUIDE_WORDS |= {"online_level": "网上办理深度", "visits": "到现场次数"}


@dataclass
class Change:
    what: str  # added / removed / changed
    label: str  # 申请表 › 申请人信息 › 姓名
    details: list[str] = field(default_factory=list)


@dataclass
class FieldFacts:
    label: str
    keywords: dict[str, Any]


def _fields(schema: Any, ui: Any, prefix: str = "", labels: tuple[str, ...] = ()) -> dict[str, FieldFacts]:
    """Every field of a schema (also those shown on a condition) by its data path, with what describes it."""
    found: dict[str, FieldFacts] = {}
    if not isinstance(schema, dict):
        return found
    ui = ui if isinstance(ui, dict) else {}
    required = set(schema.get("required", []))
    branches = [(schema, None)]
    for holder in [schema, *[b for b in schema.get("allOf", []) if isinstance(b, dict)]]:
        for key in ("then", "else"):
            if isinstance(holder.get(key), dict):
                branches.append((holder[key], _condition_text(holder.get("if"), key)))
    for branch, condition in branches:
        branch_required = set(branch.get("required", [])) if branch is not schema else required
        for name, sub in (branch.get("properties") or {}).items():
            if not isinstance(sub, dict):
                continue
            path = f"{prefix}{name}"
            label = str(sub.get("title") or name)
            field_ui = ui.get(name, {}) if isinstance(ui.get(name), dict) else {}
            keywords = {k: v for k, v in sub.items() if k not in ("properties", "items", "required")}
            keywords.update({k: v for k, v in field_ui.items() if k.startswith("ui:") and k in KEYWORD_WORDS})
            keywords["required"] = name in branch_required
            if condition:
                keywords["condition"] = condition
            found[path] = FieldFacts(" › ".join([*labels, label]), keywords)
            if sub.get("type") == "object":
                found.update(_fields(sub, field_ui, f"{path}.", (*labels, label)))
            items = sub.get("items")
            if sub.get("type") == "array" and isinstance(items, dict) and items.get("type") == "object":
                found.update(_fields(items, field_ui.get("items", {}), f"{path}.*.", (*labels, label)))
    return found


def _condition_text(when: Any, branch: str) -> str:
    return f"{branch}:{when!r}"


def form_changes(old: tuple[Any, Any], new: tuple[Any, Any], form_label: str = "申请表") -> list[Change]:
    """Fields added, removed and changed between two (schema, ui) pairs, named by their labels."""
    before, after = _fields(*old), _fields(*new)
    changes: list[Change] = []
    for path, facts in after.items():
        if path not in before:
            changes.append(Change("added", f"{form_label} › {facts.label}"))
    for path, facts in before.items():
        if path not in after:
            changes.append(Change("removed", f"{form_label} › {facts.label}"))
    for path, facts in after.items():
        if path in before and before[path].keywords != facts.keywords:
            old_keys, new_keys = before[path].keywords, facts.keywords
            keys = sorted(
                set(old_keys) | set(new_keys), key=lambda k: list(KEYWORD_WORDS).index(k) if k in KEYWORD_WORDS else 99
            )
            details = [_detail(k, old_keys.get(k), new_keys.get(k)) for k in keys if old_keys.get(k) != new_keys.get(k)]
            label = facts.label if facts.label == before[path].label else f"{before[path].label} → {facts.label}"
            changes.append(Change("changed", f"{form_label} › {label}", details))
    return changes


def _keyword_rank(key: str) -> int:
    return list(KEYWORD_WORDS).index(key) if key in KEYWORD_WORDS else len(KEYWORD_WORDS)


def _show(value: Any) -> str:
    if value is None:
        return "（无）"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, list) and all(isinstance(v, dict) and "const" in v for v in value):
        return "、".join(str(v.get("title", v["const"])) for v in value)
    return str(value)


def _detail(key: str, old: Any, new: Any) -> str:
    word = KEYWORD_WORDS.get(key, key)
    if key == "condition":
        return "显示条件已修改" if old and new else ("新增显示条件" if new else "取消显示条件")
    return f"{word}：{_show(old)} → {_show(new)}"


def guide_changes(old: Any, new: Any) -> list[Change]:
    old, new = (old if isinstance(old, dict) else {}), (new if isinstance(new, dict) else {})
    changes: list[Change] = []
    for key in sorted(set(old) | set(new)):
        if key == "materials" or old.get(key) == new.get(key):
            continue
        word = GUIDE_WORDS.get(key, key)
        if key == "conditions":
            added = [c for c in new.get(key, []) if c not in old.get(key, [])]
            removed = [c for c in old.get(key, []) if c not in new.get(key, [])]
            details = [f"新增：{c}" for c in added] + [f"删除：{c}" for c in removed]
            changes.append(Change("changed", f"办事指南 › {word}", details))
        else:
            changes.append(Change("changed", f"办事指南 › {word}", [f"{_show(old.get(key))} → {_show(new.get(key))}"]))
    before = {m.get("name"): m for m in old.get("materials", []) if isinstance(m, dict)}
    after = {m.get("name"): m for m in new.get("materials", []) if isinstance(m, dict)}
    for name in after:
        if name not in before:
            changes.append(Change("added", f"办事指南 › 申请材料 › {name}"))
    for name in before:
        if name not in after:
            changes.append(Change("removed", f"办事指南 › 申请材料 › {name}"))
    for name, m in after.items():
        if name in before and before[name] != m:
            details = []
            if material_need(before[name]) != material_need(m):
                needs = {**NEEDS, "optional": "非必要"}
                details.append(f"要求：{needs[material_need(before[name])]} → {needs[material_need(m)]}")
            for key, word in (("form", "形式"), ("copies", "份数"), ("condition", "条件"), ("note", "说明")):
                if before[name].get(key) != m.get(key):
                    details.append(f"{word}：{_show(before[name].get(key))} → {_show(m.get(key))}")
            if before[name].get("upload_field") != m.get("upload_field"):
                details.append("接收的上传字段已修改")
            changes.append(Change("changed", f"办事指南 › 申请材料 › {name}", details or ["已修改"]))
    return changes


BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _elements(xml: str) -> dict[str, tuple[str, str, str]]:
    """id → (kind, name, everything else as text) of the BPMN model elements (not the diagram's shapes)."""
    try:
        root = etree.fromstring(xml.encode(), _PARSER)
    except etree.XMLSyntaxError:
        return {}
    found = {}
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{BPMN_NS}}}"):
            continue
        element_id = element.get("id")
        if not element_id:
            continue
        kind = etree.QName(element).localname
        body = (
            etree.tostring(element, encoding="unicode")
            if kind not in ("process", "definitions", "collaboration")
            else ""
        )
        own = "|".join(f"{k}={v}" for k, v in sorted(element.attrib.items())) + body
        found[element_id] = (kind, element.get("name") or "", own)
    return found


def bpmn_changes(old: dict[str, str], new: dict[str, str]) -> tuple[list[Change], dict[str, list[str]]]:
    """Elements added, removed and changed in each BPMN file, and the ids to mark on the new diagram."""
    changes: list[Change] = []
    marked: dict[str, set[str]] = {"added": set(), "changed": set()}
    for file in sorted(set(old) | set(new)):
        before, after = _elements(old.get(file, "")), _elements(new.get(file, ""))
        for element_id, (kind, name, own) in after.items():
            label = f"流程 {file} › {name or element_id}（{kind}）"
            if element_id not in before:
                changes.append(Change("added", label))
                marked["added"].add(element_id)
            elif before[element_id][2] != own:
                details = [f"名称：{before[element_id][1]} → {name}"] if before[element_id][1] != name else []
                changes.append(Change("changed", label, details or ["属性或内容已修改"]))
                marked["changed"].add(element_id)
        for element_id, (kind, name, _) in before.items():
            if element_id not in after:
                changes.append(Change("removed", f"流程 {file} › {name or element_id}（{kind}）"))
    return changes, {kind: sorted(ids) for kind, ids in marked.items()}
