"""Checking a flow condition as the admin types it: refused constructs and unknown names, in Chinese.

A condition reads the case data: the application form (``form["area"]``), each approval step's decision under its
task id (``scjg_review["approved"]``), a service task's result and what script tasks set. :func:`names_in_model`
lists those from the item's BPMN and forms; :func:`check_condition` runs the sandbox's own check (the one publishing
runs) and then names every field or variable the condition reads that the item does not have, with the closest
known name as a hint.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree

from workflows import sandbox
from workflows.errors import SandboxError
from workflows.parsing import BPMN_NS, NSMAP
from workflows.properties import DECISION_FORM

# name -> the fields under it (None: a value whose fields the item does not describe, so anything goes)
Fields = dict[str, Any]

_READABLE = '条件可读取申请表 form["字段"]、审批步骤的决定（如 步骤id["approved"]）'
_CONSTANTS = frozenset({"True", "False", "None"})
_NODE_TEXT = {
    "Lambda": "lambda 函数",
    "NamedExpr": "海象赋值 :=",
    "Await": "await",
    "Yield": "yield",
    "YieldFrom": "yield",
    "Starred": "星号展开 *",
    "Assign": "赋值",
    "Import": "import",
    "ImportFrom": "import",
    "FunctionDef": "定义函数",
    "ClassDef": "定义类",
    "While": "while 循环",
    "With": "with 语句",
    "Try": "try 语句",
    "Global": "global",
    "MatMult": "矩阵乘 @",
    "BitAnd": "位运算 &（“并且”请写 and）",
    "BitOr": "位运算 |（“或者”请写 or）",
    "BitXor": "位运算 ^",
    "Invert": "位运算 ~（“不是”请写 not）",
    "LShift": "位移 <<",
    "RShift": "位移 >>",
}
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^does not parse: (?P<msg>.*?) \(line \d+, column (?P<col>\d+)\)$"),
        "写法有误，无法解析（第 {col} 个字符附近）",
    ),
    (re.compile(r"^does not parse: (?P<msg>.*)$"), "写法有误，无法解析"),
    (
        re.compile(r"^calling method '(?P<n>[^']+)' is not allowed"),
        "不允许调用方法 {n}（可用：get、lower、upper、strip 等）",
    ),
    (
        re.compile(r"^calling '(?P<n>[^']+)' is not allowed"),
        "不允许调用 {n}（可用：len、min、max、sum、any、all、abs、round、str、int、float、bool）",
    ),
    (re.compile(r"^name '(?P<n>[^']+)' is not allowed"), "名称 {n} 不能以下划线开头"),
    (re.compile(r"^attribute '(?P<n>[^']+)' is not allowed"), "不允许访问属性 {n}"),
    (re.compile(r"^'(?P<n>[^']+)' is not allowed"), "不允许使用 {n}（条件在沙箱中运行，不能读写文件或系统）"),
    (re.compile(r"^(?P<n>[A-Za-z]+) is not allowed"), "不允许的写法：{node}"),
    (re.compile(r"^expression is longer than"), "条件太长"),
    (re.compile(r"^expression must be text"), "条件须为文字"),
]


def refusal_text(message: str) -> str:
    """The sandbox's refusal of a condition or script in Chinese (its own English kept after it, for support)."""
    text = re.sub(r" \(line \d+\)$", "", message)
    for pattern, template in _PATTERNS:
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            node = _NODE_TEXT.get(groups.get("n", ""), groups.get("n", ""))
            return template.format(node=node, **groups) + f"（{message}）"
    return f"被沙箱拒绝（{message}）"


def schema_fields(schema: Any) -> Fields:
    """The fields a JSON Schema object describes, nested objects included (arrays and open objects: anything)."""
    fields: Fields = {}
    if not isinstance(schema, dict):
        return fields
    parts = [schema] + [s for key in ("allOf",) for s in schema.get(key, []) if isinstance(s, dict)]
    parts += [schema[k] for k in ("then", "else") if isinstance(schema.get(k), dict)]
    for part in parts:
        for name, sub in (part.get("properties") or {}).items():
            if isinstance(sub, dict) and isinstance(sub.get("properties"), dict):
                fields[name] = schema_fields(sub)
            else:
                fields[name] = None
    return fields


def names_in_model(bpmn_xml: str | bytes | None, form_schema: Any, decision_forms: Mapping[str, Any]) -> Fields:
    """What a condition in this item may read: ``form`` with the application form's fields, each user task's
    decision (by task id) with its decision form's fields, service task results and names scripts assign."""
    names: Fields = {"form": schema_fields(form_schema)}
    if not bpmn_xml:
        return names
    try:
        root = etree.fromstring(bpmn_xml.encode() if isinstance(bpmn_xml, str) else bpmn_xml, _SAFE)
    except etree.XMLSyntaxError:
        return names
    for task in root.iter(f"{{{BPMN_NS}}}userTask", f"{{{BPMN_NS}}}manualTask"):
        form = _property(task, DECISION_FORM)
        schema = decision_forms.get(form) if form else None
        names[task.get("id", "")] = schema_fields(schema) if isinstance(schema, dict) else None
        if _property(task, "decisionAsVariables") == "true":
            for field in schema_fields(schema) if isinstance(schema, dict) else {}:
                names.setdefault(field, None)
    for task in root.iter(f"{{{BPMN_NS}}}serviceTask"):
        operator = task.find("bpmn:extensionElements/spiffworkflow:serviceTaskOperator", NSMAP)
        result = (operator.get("resultVariable") if operator is not None else None) or _property(task, "resultVariable")
        names[(result or task.get("id", "")).strip()] = None
    for script in root.iter(f"{{{BPMN_NS}}}script"):
        names.update(dict.fromkeys(_assigned(script.text or "")))
    return names


_SAFE = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)


def _property(task: etree._Element, name: str) -> str | None:
    for prop in task.iterfind("bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NSMAP):
        if prop.get("name") == name:
            return prop.get("value")
    return None


def _assigned(script: str) -> Iterator[str]:
    try:
        tree = ast.parse(script)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            yield node.id


def check_condition(expression: str, names: Fields) -> list[str]:
    """Every reason the condition cannot run as meant, in Chinese; empty when it can.

    First the sandbox's check (a refused construct is named), then each name and field the condition reads that
    ``names`` (from :func:`names_in_model`) does not have."""
    if not expression.strip():
        return ["条件为空：请写出条件，或把这条连线设为默认连线"]
    try:
        sandbox.check_expression(expression)
    except SandboxError as exc:
        return [refusal_text(str(exc))]
    tree = ast.parse(expression.strip(), mode="eval")
    bound = {
        n.id
        for c in ast.walk(tree)
        if isinstance(c, ast.comprehension)
        for n in ast.walk(c.target)
        if isinstance(n, ast.Name)
    }
    methods = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    problems: list[str] = []
    for node in ast.walk(tree):
        if id(node) in methods:
            continue  # form.get itself: the call below it names the field
        message = _unknown(node, names, bound)
        if message and message not in problems:
            problems.append(message)
    return problems


def _unknown(node: ast.AST, names: Fields, bound: set[str]) -> str | None:
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        if node.id in _CONSTANTS or node.id in bound or node.id in sandbox.SAFE_FUNCTION_NAMES or node.id in names:
            return None
        return f"未知的名称“{node.id}”{_hint(node.id, names)}：{_READABLE}"
    path = _path(node)
    if path is None or len(path) < 2 or path[0] not in names:
        return None
    fields: Any = names
    for depth, key in enumerate(path):
        if not isinstance(fields, dict):
            return None  # a value whose fields the item does not describe
        if key not in fields:
            where = "申请表" if path[0] == "form" else f"“{'.'.join(path[:depth])}”"
            return f"{where}没有字段“{key}”{_hint(key, fields)}"
        fields = fields[key]
    return None


def _path(node: ast.AST) -> list[str] | None:
    """``form["a"]["b"]``, ``form.a.b`` and ``form.get("a")`` as ["form", "a", "b"]; None for anything else."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            inner = _path(node.func.value)
            return None if inner is None else [*inner, node.args[0].value]
        return None
    if isinstance(node, ast.Subscript):
        key = node.slice
        inner = _path(node.value)
        if inner is not None and isinstance(key, ast.Constant) and isinstance(key.value, str):
            return [*inner, key.value]
        return None
    if isinstance(node, ast.Attribute):
        inner = _path(node.value)
        return None if inner is None else [*inner, node.attr]
    if isinstance(node, ast.Name):
        return [node.id]
    return None


def _hint(name: str, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(name, [k for k in known if k], n=1, cutoff=0.6)
    return f"（是否应为“{close[0]}”？）" if close else ""
