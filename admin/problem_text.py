"""Publish problems for people: the place in the builder (form, section, field label) and a Chinese sentence,
never a JSON pointer alone or a library's English message."""

from __future__ import annotations

import json
from typing import Any

from forms import FormSchemaError, compile_form
from forms.errors import Unsupported

# What each refused keyword means to an admin; the forms layer's own English stays out of the page.
KEYWORD_TEXT = {
    "type": "字段类型无法识别或互相矛盾（每个字段只能有一种类型）",
    "items": "列表须说明每一行是什么（在表格中添加字段）；按位置区分的元组列表无法显示，请改为表格（每行若干命名字段）",
    "prefixItems": "按位置区分的元组列表无法显示，请改为表格（每行若干命名字段）",
    "additionalItems": "按位置区分的元组列表无法显示，请改为表格（每行若干命名字段）",
    "oneOf": "选项须写成“值 + 显示文字”，或几种各带字段的对象形态",
    "anyOf": "选项须写成“值 + 显示文字”，或几种各带字段的对象形态",
    "properties": "字段名不能为空、不能含“.”，也不能与表单按钮重名",
    "ui:sections": "分组设置有误（每个分组须有标题并至少包含一个字段，每个字段只能在一个分组中）",
    "ui:columns": "分栏只能是 1、2 或 3 栏",
    "ui:width": "字段宽度只能是“通栏”",
    "ui:widget": "所选控件不适用于此类字段",
    "$ref": "引用的定义不存在或循环引用",
    "additionalProperties": "“其他字段”只能是允许或不允许（自由的键值表无法显示，请改为两列的表格）",
    "pattern": "格式规则（正则表达式）无法使用",
}
JSON_TEXT = {
    "Expecting property name enclosed in double quotes": "此处应为用双引号括起的字段名（可能多了逗号）",
    "Expecting value": "此处缺少值",
    "Expecting ',' delimiter": "此处缺少逗号",
    "Expecting ':' delimiter": "此处缺少冒号",
    "Unterminated string starting at": "字符串缺少结尾的双引号",
    "Extra data": "JSON 结束后还有多余内容",
    "Invalid control character at": "字符串中有不可见的控制字符",
}


def json_problem(label: str, exc: json.JSONDecodeError) -> str:
    text = next((zh for en, zh in JSON_TEXT.items() if exc.msg.startswith(en)), "格式错误")
    return f"{label}: JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{text}"


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []


def place_of(form_label: str, schema: Any, pointer: str) -> str:
    """`申请表 › 字段“申请人信息” › 字段“姓名”` for /properties/applicant/properties/name/minLength."""
    parts = [form_label]
    node: Any = schema
    tokens = _tokens(pointer)
    for index, token in enumerate(tokens):
        if isinstance(node, dict) and token in node:
            parent_key = tokens[index - 1] if index else ""
            node = node[token]
            if parent_key == "properties" and isinstance(node, dict):
                parts.append(f"字段“{node.get('title') or token}”")
            elif token == "items" and isinstance(node, dict):
                parts.append("每一行")
        elif isinstance(node, list) and token.isdecimal() and int(token) < len(node):
            node = node[int(token)]
            if isinstance(node, dict) and "title" in node and "fields" in node:
                parts.append(f"分组“{node['title']}”")
        else:
            break
    return " › ".join(parts)


def describe(form_label: str, schema: Any, ui: Any, problem: Unsupported) -> str:
    document = ui if problem.keyword.startswith("ui:") else schema
    if problem.keyword.startswith("ui:"):
        place = place_of(form_label, {"properties": schema.get("properties", {})}, _schema_pointer(problem.pointer))
        place += _ui_section(ui, problem.pointer)
    else:
        place = place_of(form_label, document, problem.pointer)
    text = KEYWORD_TEXT.get(problem.keyword, f"设置“{problem.keyword}”在表单中无法使用")
    return f"{place}：{text}"


def _schema_pointer(ui_pointer: str) -> str:
    names = [t for t in _tokens(ui_pointer) if not t.startswith("ui:") and not t.isdecimal() and t != "fields"]
    return "".join(f"/properties/{n}" for n in names)


def _ui_section(ui: Any, pointer: str) -> str:
    tokens = _tokens(pointer)
    if "ui:sections" in tokens and isinstance(ui, dict):
        at = tokens.index("ui:sections")
        sections = ui.get("ui:sections")
        if at + 1 < len(tokens) and tokens[at + 1].isdecimal() and isinstance(sections, list):
            index = int(tokens[at + 1])
            if index < len(sections) and isinstance(sections[index], dict):
                return f" › 分组“{sections[index].get('title', index + 1)}”"
    return ""


def form_problems(form_label: str, schema: Any, ui: Any) -> list[str]:
    """Every reason the form cannot be rendered, each naming its place in the builder, in Chinese."""
    if not isinstance(schema, dict):
        return [f"{form_label}：须为 JSON 对象"]
    try:
        compile_form(schema, ui or None)
    except FormSchemaError as exc:
        return [describe(form_label, schema, ui or {}, p) for p in exc.problems]
    return []


def decision_upload_problems(name: str, schema: Any, ui: Any) -> list[str]:
    """A decision form may not ask for a file: the approver's task page does not take uploads yet."""
    problems: list[str] = []

    def walk(node: Any, node_ui: Any, labels: list[str]) -> None:
        if not isinstance(node, dict):
            return
        node_ui = node_ui if isinstance(node_ui, dict) else {}
        for key, sub in (node.get("properties") or {}).items():
            if not isinstance(sub, dict):
                continue
            sub_ui = node_ui.get(key, {}) if isinstance(node_ui.get(key), dict) else {}
            here = [*labels, f"字段“{sub.get('title') or key}”"]
            if "contentMediaType" in sub or sub_ui.get("ui:widget") == "upload":
                problems.append(f"决策表单 {name} › {' › '.join(here)}：决策表单暂不能上传文件（审批页面尚不接收附件）")
            walk(sub, sub_ui, here)
            if isinstance(sub.get("items"), dict):
                walk(sub["items"], sub_ui.get("items", {}), here)
        for branch in ("then", "else"):
            walk(node.get(branch), node_ui, labels)
        for member in node.get("allOf", []) if isinstance(node.get("allOf"), list) else []:
            walk(member, node_ui, labels)

    walk(schema, ui, [])
    return problems
