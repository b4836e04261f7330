"""Size bounds a schema must keep to be published, checked before any expensive work.

A schema is small as text but can be huge once read: eight levels of definitions that each ``allOf`` ten
references to the next expand to 10**8 subschemas (publishing hung for more than 200 s, and jsonschema walked the
same tree on every submission), and ``minItems: 1000000`` rendered 100,000 rows (73 MB of HTML). The expansion is
counted with a walk that stops at the bound, so the live preview refuses such a schema in milliseconds, naming the
definition that fans out.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from forms.errors import Unsupported
from forms.nodes import Field

MAX_EXPANDED = 5_000  # subschemas after following every $ref/allOf where it is used; real forms use hundreds
MAX_INPUTS = 2_000  # inputs one form may show at first display (fields, times minItems rows)
MAX_MIN_ITEMS = 500  # the rows a post may carry (forms.parse.MAX_ROWS): more could never be submitted

_ONE: tuple[str, ...] = ("items", "additionalProperties", "additionalItems", "unevaluatedItems")
_ONE += ("unevaluatedProperties", "propertyNames", "contains", "not", "if", "then", "else", "contentSchema")
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_NAMED = ("properties", "patternProperties", "dependentSchemas", "dependencies")


def expansion_problem(schema: Any, limit: int = MAX_EXPANDED) -> Unsupported | None:
    """The problem when ``schema``, with each ``$ref`` expanded where it is used, has more than ``limit``
    subschemas; it names the outermost definition being expanded when the count went over."""
    count = 0
    anchors: dict[str, tuple[Any, str]] | None = None
    pending: list[tuple[Any, str, tuple[tuple[str, str], ...]]] = [(schema, "", ())]
    while pending:
        node, pointer, chain = pending.pop()
        if not isinstance(node, dict):
            continue
        count += 1
        if count > limit:
            return _too_big(chain, pointer, limit)
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            if anchors is None and not ref[1:].startswith("/") and ref != "#":
                anchors = _anchors(schema)
            target = _resolve(schema, ref, anchors or {})
            if target is not None and target[1] not in {t for _, t in chain}:
                pending.append((target[0], target[1], (*chain, (f"{pointer}/$ref", target[1]))))
        for key in _ONE:
            if key in node:
                pending.append((node[key], f"{pointer}/{key}", chain))
        for key in _MANY:
            members = node.get(key)
            if isinstance(members, list):
                pending += [(member, f"{pointer}/{key}/{index}", chain) for index, member in enumerate(members)]
        for key in _NAMED:
            members = node.get(key)
            if isinstance(members, dict):
                pending += [(sub, f"{pointer}/{key}/{_escape(name)}", chain) for name, sub in members.items()]
    return None


def _too_big(chain: tuple[tuple[str, str], ...], pointer: str, limit: int) -> Unsupported:
    if not chain:
        return Unsupported(
            "$ref", pointer, f"表单结构过大：超过 {limit} 个子模式 (the schema has more than {limit} subschemas)"
        )
    site, target = chain[0]
    path = " → ".join(f"#{t}" for _, t in chain[:4])
    return Unsupported(
        "$ref",
        site,
        f"定义 #{target} 经 $ref/allOf 展开后超过 {limit} 个子模式（{path}），请减少嵌套引用 "
        f"(the definition #{target} expands to more than {limit} subschemas through nested $ref/allOf)",
    )


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _resolve(root: Any, ref: str, anchors: dict[str, tuple[Any, str]]) -> tuple[Any, str] | None:
    fragment = unquote(ref[1:])
    if fragment and not fragment.startswith("/"):
        return anchors.get(fragment)
    node = root
    for token in fragment.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdecimal() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node, fragment


def _anchors(root: Any) -> dict[str, tuple[Any, str]]:
    found: dict[str, tuple[Any, str]] = {}
    pending: list[tuple[Any, str]] = [(root, "")]
    while pending:
        node, pointer = pending.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$anchor"), str):
                found.setdefault(node["$anchor"], (node, pointer))
            pending += [(value, f"{pointer}/{_escape(key)}") for key, value in node.items()]
        elif isinstance(node, list):
            pending += [(value, f"{pointer}/{index}") for index, value in enumerate(node)]
    return found


def size_problems(root: Field) -> list[Unsupported]:
    """Arrays asking for more rows than a post may carry, and forms showing more than MAX_INPUTS inputs."""
    problems: list[Unsupported] = []
    pending = [root]
    while pending:
        node = pending.pop()
        if node.kind == "array" and node.min_items > MAX_MIN_ITEMS:
            problems.append(
                Unsupported(
                    "minItems",
                    f"{node.pointer}/minItems",
                    f"minItems 最多为 {MAX_MIN_ITEMS}（现为 {node.min_items}）"
                    f" (minItems can be at most {MAX_MIN_ITEMS}, not {node.min_items})",
                )
            )
        pending += list(node.children)
        if node.item is not None:
            pending.append(node.item)
    total = _inputs(root)
    if total > MAX_INPUTS and not problems:
        problems.append(
            Unsupported(
                "properties",
                root.pointer,
                f"表单首次显示将有 {total} 个输入项，最多 {MAX_INPUTS} 个；请减少字段或 minItems"
                f" (the form would show {total} inputs, at most {MAX_INPUTS}; use fewer fields or a smaller minItems)",
            )
        )
    return problems


def _inputs(node: Field) -> int:
    """Inputs shown at first display: one per leaf field, an array's item times its minItems (at least once)."""
    if node.kind == "object":
        return sum(_inputs(child) for child in node.children)
    if node.kind == "array" and node.item is not None:
        return max(node.min_items, 1) * _inputs(node.item)
    return 1
