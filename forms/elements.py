"""Data elements (数据元) in a form schema: a field defined once and referenced by many forms.

An item's authored form names an element where a field would be: ``{"$ref": "element:cn-resident-id"}``, with
optional keywords beside the reference that replace the element's own for this form (``"title": "经办人身份证号"``).
Publishing expands every reference into the element's JSON Schema fragment, so the published schema is plain
JSON Schema the form engine renders, frozen with the element as it was that day. Each expanded field keeps the
annotation ``"x-element": KEY`` (ignored by validation and rendering), which is how a bundle knows that fields of
two forms are the same element and how the portal knows what it may prefill, and ``"x-title-en"``, the element's
English name, which the form shown in English uses as the field's title (``localised_schema``).

Plain Python: no Flask, no database. The caller passes the element catalogue in.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ELEMENT_REF_PREFIX = "element:"
ELEMENT_ANNOTATION = "x-element"
TITLE_EN = "x-title-en"  # a field's English title, beside its Chinese ``title``


@dataclass(frozen=True)
class ElementDefinition:
    """What a form needs of one data element: its key, schema fragment, label and help."""

    key: str
    schema: Mapping[str, Any]
    label: str
    help: str = ""
    label_en: str = ""

    def fragment(self) -> dict[str, Any]:
        """The element as a field: its schema with the label as title (the English label beside it, as
        ``x-title-en``) and the help as description."""
        field = copy.deepcopy(dict(self.schema))
        field["title"] = self.label
        if self.label_en:
            field[TITLE_EN] = self.label_en
        if self.help:
            field["description"] = self.help
        return field


class ElementReferenceError(Exception):
    """References that name no element; ``problems`` are Chinese sentences naming each field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def referenced_key(node: Any) -> str | None:
    """The element key ``node`` refers to (``{"$ref": "element:KEY"}``), or None if it is no element reference."""
    if not isinstance(node, dict):
        return None
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(ELEMENT_REF_PREFIX):
        return ref[len(ELEMENT_REF_PREFIX) :]
    return None


def _walk(node: Any, path: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Every subschema of ``node`` with the dotted field path it describes (array entries as ``*``)."""
    if isinstance(node, list):
        for member in node:
            yield from _walk(member, path)
        return
    if not isinstance(node, dict):
        return
    yield node, path
    for keyword, value in node.items():
        if keyword in ("properties", "$defs", "definitions") and isinstance(value, dict):
            for name, child in value.items():
                child_path = f"{path}.{name}" if path and keyword == "properties" else name
                yield from _walk(child, child_path)
        elif keyword == "items":
            yield from _walk(value, f"{path}.*" if path else "*")
        elif keyword in ("allOf", "anyOf", "oneOf", "if", "then", "else", "not", "prefixItems"):
            yield from _walk(value, path)


def referenced_elements(schema: Any) -> dict[str, str]:
    """Field path -> element key for every element reference in an authored schema."""
    return {path: key for node, path in _walk(schema, "") if (key := referenced_key(node)) is not None}


def element_fields(schema: Any) -> dict[str, str]:
    """Field path -> element key for every field backed by a data element, in a published (expanded) schema
    or an authored one. Two fields of two forms with the same key are the same element."""
    found = referenced_elements(schema)
    for node, path in _walk(schema, ""):
        key = node.get(ELEMENT_ANNOTATION)
        if isinstance(key, str) and path:
            found[path] = key
    return found


def _field_name(node: dict[str, Any], path: str) -> str:
    title = node.get("title")
    return f"“{title}”（{path}）" if isinstance(title, str) and title else f"“{path or '根'}”"


def expand_elements(schema: dict[str, Any], elements: Mapping[str, ElementDefinition]) -> dict[str, Any]:
    """``schema`` with every element reference replaced by the element's field, marked ``x-element``.

    Keywords written beside the reference win over the element's own. Raises ElementReferenceError naming every
    field whose reference names no element in ``elements``; ``schema`` itself is never changed.
    """
    problems: list[str] = []

    def expand(node: Any, path: str) -> Any:
        if isinstance(node, list):
            return [expand(member, path) for member in node]
        if not isinstance(node, dict):
            return node
        key = referenced_key(node)
        if key is not None:
            element = elements.get(key)
            if element is None:
                problems.append(
                    f"申请表字段{_field_name(node, path)}引用的数据元“{key}”不存在，请先在“数据元”中创建或改正引用"
                )
                return node
            local = {k: copy.deepcopy(v) for k, v in node.items() if k != "$ref"}
            fragment = element.fragment()
            if "title" in local and TITLE_EN not in local:
                fragment.pop(TITLE_EN, None)  # the form titles it its own way: the element's English name is not it
            return {**fragment, **local, ELEMENT_ANNOTATION: key}
        out: dict[str, Any] = {}
        for keyword, value in node.items():
            if keyword == "properties" and isinstance(value, dict):
                out[keyword] = {n: expand(child, f"{path}.{n}" if path else n) for n, child in value.items()}
            elif keyword in ("$defs", "definitions") and isinstance(value, dict):
                out[keyword] = {n: expand(child, n) for n, child in value.items()}
            elif keyword == "items":
                out[keyword] = expand(value, f"{path}.*" if path else "*")
            elif keyword in ("allOf", "anyOf", "oneOf", "if", "then", "else", "not", "prefixItems"):
                out[keyword] = expand(value, path)
            else:
                out[keyword] = copy.deepcopy(value)
        return out

    expanded = expand(schema, "")
    if problems:
        raise ElementReferenceError(problems)
    return expanded


ELEMENTS_FOLDER = "elements"  # in a catalogue folder: one `<key>.json` per element


def read_element_files(folder: Path) -> dict[str, ElementDefinition]:
    """The elements of a catalogue's `elements/` folder (what `forms check` expands an item's form with)."""
    found: dict[str, ElementDefinition] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        row = json.loads(path.read_text(encoding="utf-8"))
        key = str(row.get("key") or path.stem)
        found[key] = ElementDefinition(
            key,
            row.get("schema") or {},
            str(row.get("label", "")),
            str(row.get("help", "")),
            str(row.get("label_en", "")),
        )
    return found


def localised_schema(schema: Any, locale: str) -> Any:
    """``schema`` as shown in ``locale``: in English every field with an English title (``x-title-en``) takes it
    as its title; other fields keep their Chinese one (an admin's own fields are written in Chinese). The data and
    the rules are unchanged, so a form compiled from it validates exactly as the original."""
    if not locale.lower().startswith("en"):
        return schema

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(member) for member in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v) for k, v in node.items()}
        if isinstance(node.get(TITLE_EN), str) and node[TITLE_EN]:
            out["title"] = node[TITLE_EN]
        return out

    return walk(schema)
