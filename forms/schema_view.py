"""Collect what a schema says about one instance location, following $ref and allOf.

A ``View`` merges every subschema that applies unconditionally to the same place (the schema itself,
its ``$ref`` target, its ``allOf`` members) into what rendering needs. Validation never uses the view:
it always runs jsonschema on the original document, so merging only has to be right for rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from forms.errors import Unsupported

TUPLE_MESSAGE = (
    "tuple arrays (a list of schemas in 'items', or prefixItems) cannot be rendered: "
    "use an array of objects with named fields"
)
UNSUPPORTED: dict[str, str] = {
    "patternProperties": "properties matched by a pattern have no fixed field to render",
    "propertyNames": "rules on property names cannot be rendered",
    "unevaluatedProperties": "unevaluatedProperties cannot be rendered",
    "unevaluatedItems": "unevaluatedItems cannot be rendered",
    "contains": "'contains' cannot be rendered",
    "prefixItems": TUPLE_MESSAGE,
    "additionalItems": TUPLE_MESSAGE,
    "$dynamicRef": "dynamic references cannot be rendered",
    "$dynamicAnchor": "dynamic references cannot be rendered",
    "$recursiveRef": "recursive references cannot be rendered",
    "$recursiveAnchor": "recursive references cannot be rendered",
    "not": "'not' on its own does not say what to ask for",
}
# Keywords that only annotate or constrain (jsonschema enforces them on submit) or that the view reads.
KNOWN: frozenset[str] = frozenset(
    {
        "$schema", "$id", "$comment", "$defs", "definitions", "$ref", "$anchor", "$vocabulary",
        "title", "description", "examples", "default", "readOnly", "writeOnly", "deprecated",
        "type", "enum", "const", "format", "contentMediaType", "contentEncoding", "contentSchema",
        "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "multipleOf", "items", "minItems", "maxItems", "uniqueItems", "minContains", "maxContains",
        "properties", "required", "additionalProperties", "minProperties", "maxProperties",
        "dependentRequired", "dependentSchemas", "allOf", "anyOf", "oneOf", "if", "then", "else",
        "enumNames", "id", "dependencies",
    }
)  # fmt: skip
FIRST_WINS = (
    "title", "description", "examples", "default", "readOnly", "format", "contentMediaType", "minLength",
    "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minItems", "maxItems", "uniqueItems", "enum", "const", "enumNames",
)  # fmt: skip
ALL_TYPES = frozenset({"string", "number", "integer", "boolean", "null", "object", "array"})


def escape_pointer(token: str) -> str:
    """Escape one JSON pointer reference token."""
    return token.replace("~", "~0").replace("/", "~1")


@dataclass
class Conditional:
    """An if/then/else found on the object: ``when`` is the collected ``if`` view."""

    when: View
    then: View | None
    otherwise: View | None


@dataclass
class Shape:
    """One member of a oneOf/anyOf between object shapes."""

    view: View
    title: str | None


@dataclass
class View:
    """Everything that applies unconditionally at one place in the instance."""

    pointer: str
    keywords: dict[str, Any] = field(default_factory=dict)
    types: frozenset[str] | None = None
    never: bool = False
    properties: dict[str, list[tuple[Any, str]]] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    items: list[tuple[Any, str]] = field(default_factory=list)
    choices: list[tuple[Any, str | None]] | None = None
    conditionals: list[Conditional] = field(default_factory=list)
    dependent_schemas: list[tuple[str, View]] = field(default_factory=list)
    dependent_required: dict[str, list[str]] = field(default_factory=dict)
    shapes: list[Shape] = field(default_factory=list)  # oneOf/anyOf between object shapes
    has_not: bool = False
    followed: tuple[str, ...] = ()  # references expanded here: expanding one again below is recursion


class SchemaReader:
    """Reads a schema document into views, recording what cannot be rendered as problems."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self.problems: list[Unsupported] = []
        self.warnings: list[Unsupported] = []
        self.uses_dependencies = False  # draft-07 "dependencies": a 2020-12 validator must learn the keyword

    def problem(self, keyword: str, pointer: str, message: str) -> None:
        entry = Unsupported(keyword, pointer, message)
        if entry not in self.problems:
            self.problems.append(entry)

    def view(self, schemas: list[tuple[Any, str]], stack: tuple[str, ...]) -> View:
        """Collect every (schema, pointer) pair into one view."""
        result = View(pointer=schemas[0][1] if schemas else "")
        for schema, pointer in schemas:
            self._collect(schema, pointer, result, stack, in_condition=False)
        return result

    def condition_view(self, schema: Any, pointer: str, stack: tuple[str, ...]) -> View:
        """Collect an ``if`` schema: anything may appear there, it only decides what is shown."""
        result = View(pointer=pointer)
        self._collect(schema, pointer, result, stack, in_condition=True)
        return result

    def _collect(self, schema: Any, pointer: str, view: View, stack: tuple[str, ...], in_condition: bool) -> None:
        if schema is True:
            return
        if schema is False:
            view.never = True
            return
        if not isinstance(schema, dict):
            self.problem("type", pointer, "a schema must be an object or a boolean")
            return
        self._check_keywords(schema, pointer, in_condition, is_root=pointer == "")
        if "$ref" in schema:
            self._follow_ref(schema["$ref"], pointer, view, stack, in_condition)
        self._merge_type(schema.get("type"), view)
        for keyword in FIRST_WINS:
            if keyword in schema:
                view.keywords.setdefault(keyword, schema[keyword])
        if "not" in schema:
            view.has_not = True
        for name, sub in (schema.get("properties") or {}).items():
            view.properties.setdefault(name, []).append((sub, f"{pointer}/properties/{escape_pointer(name)}"))
        view.required += [name for name in schema.get("required", ()) if name not in view.required]
        if isinstance(schema.get("items"), list):
            self.problem("items", f"{pointer}/items", TUPLE_MESSAGE)
        elif "items" in schema:
            view.items.append((schema["items"], f"{pointer}/items"))
        for index, member in enumerate(schema.get("allOf", ())):
            self._collect(member, f"{pointer}/allOf/{index}", view, stack, in_condition)
        if not in_condition:
            self._collect_structure(schema, pointer, view, stack)

    def _collect_structure(self, schema: dict[str, Any], pointer: str, view: View, stack: tuple[str, ...]) -> None:
        for keyword in ("oneOf", "anyOf"):
            if keyword in schema:
                choices = self._choices(schema[keyword], f"{pointer}/{keyword}", stack)
                shapes = None if choices is not None else self._shapes(schema[keyword], f"{pointer}/{keyword}", stack)
                if shapes is not None and view.shapes:
                    self.problem(keyword, f"{pointer}/{keyword}", "a group can offer one choice of shapes, not two")
                elif shapes is not None:
                    view.shapes = shapes
                elif choices is None:
                    self.problem(
                        keyword,
                        f"{pointer}/{keyword}",
                        f"{keyword} can only list choices ({{const, title}}) or object shapes (each with properties)",
                    )
                elif view.choices is None:
                    view.choices = choices
        if "if" in schema and ("then" in schema or "else" in schema):
            view.conditionals.append(
                Conditional(
                    when=self.condition_view(schema["if"], f"{pointer}/if", stack),
                    then=self.view([(schema["then"], f"{pointer}/then")], stack) if "then" in schema else None,
                    otherwise=self.view([(schema["else"], f"{pointer}/else")], stack) if "else" in schema else None,
                )
            )
        for name, sub in (schema.get("dependentSchemas") or {}).items():
            sub_pointer = f"{pointer}/dependentSchemas/{escape_pointer(name)}"
            view.dependent_schemas.append((name, self.view([(sub, sub_pointer)], stack)))
        for name, others in (schema.get("dependentRequired") or {}).items():
            view.dependent_required.setdefault(name, []).extend(others)
        # draft-07's "dependencies" (rjsf's way to show fields): a list is dependentRequired, a schema dependentSchemas
        for name, dependency in (schema.get("dependencies") or {}).items():
            self.uses_dependencies = True
            if isinstance(dependency, list):
                view.dependent_required.setdefault(name, []).extend(dependency)
            else:
                sub_pointer = f"{pointer}/dependencies/{escape_pointer(name)}"
                view.dependent_schemas.append((name, self.view([(dependency, sub_pointer)], stack)))
        additional = schema.get("additionalProperties", True)
        if not isinstance(additional, bool):
            self.problem(
                "additionalProperties",
                f"{pointer}/additionalProperties",
                "a key-value table (additionalProperties as a schema) cannot be rendered: use true or false, "
                "or an array of {key, value} objects",
            )

    def _check_keywords(self, schema: dict[str, Any], pointer: str, in_condition: bool, is_root: bool) -> None:
        for keyword in schema:
            where = f"{pointer}/{escape_pointer(keyword)}"
            if keyword in UNSUPPORTED and not (in_condition or keyword == "not"):
                self.problem(keyword, where, UNSUPPORTED[keyword])
            elif keyword == "$id" and not is_root:
                self.problem("$id", where, "embedded schema resources ($id below the root) are not supported")
            elif keyword not in KNOWN and keyword not in UNSUPPORTED and not keyword.startswith("x-"):
                entry = Unsupported(keyword, where, "unknown keyword, ignored")
                if entry not in self.warnings:
                    self.warnings.append(entry)

    def _merge_type(self, declared: Any, view: View) -> None:
        if declared is None:
            return
        types = frozenset([declared] if isinstance(declared, str) else declared)
        if "number" in types:
            types |= {"integer"}
        if view.types is None:
            view.types = types
        else:
            view.types = view.types & types

    def _follow_ref(self, ref: Any, pointer: str, view: View, stack: tuple[str, ...], in_condition: bool) -> None:
        target = self.resolve(ref, f"{pointer}/$ref")
        if target is None:
            return
        schema, target_pointer = target
        if target_pointer in stack:
            self.problem("$ref", f"{pointer}/$ref", "a recursive reference cannot be rendered as a form")
            return
        view.followed += (target_pointer,)
        self._collect(schema, target_pointer, view, (*stack, target_pointer), in_condition)

    def resolve(self, ref: Any, where: str) -> tuple[Any, str] | None:
        """Resolve a local reference ("#", "#/json/pointer" or "#anchor") within the document."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            self.problem("$ref", where, f"only local references (#/...) are supported, not {ref!r}")
            return None
        fragment = unquote(ref[1:])
        if fragment and not fragment.startswith("/"):
            return self._find_anchor(fragment, where)
        node: Any = self.root
        for token in fragment.split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdecimal() and int(token) < len(node):
                node = node[int(token)]
            else:
                self.problem("$ref", where, f"reference {ref!r} points to nothing")
                return None
        return node, fragment

    def _find_anchor(self, anchor: str, where: str) -> tuple[Any, str] | None:
        pending: list[tuple[Any, str]] = [(self.root, "")]
        while pending:
            node, pointer = pending.pop()
            if isinstance(node, dict):
                if node.get("$anchor") == anchor:
                    return node, pointer
                pending += [(value, f"{pointer}/{escape_pointer(key)}") for key, value in node.items()]
            elif isinstance(node, list):
                pending += [(value, f"{pointer}/{index}") for index, value in enumerate(node)]
        self.problem("$ref", where, f"anchor {anchor!r} not found")
        return None

    def _shapes(self, members: Any, pointer: str, stack: tuple[str, ...]) -> list[Shape] | None:
        """oneOf/anyOf between object shapes (rjsf shows a selector, then the chosen shape's fields)."""
        if not isinstance(members, list) or not members:
            return None
        shapes: list[Shape] = []
        for index, member in enumerate(members):
            where = f"{pointer}/{index}"
            resolved, resolved_where = member, where
            if isinstance(member, dict) and "$ref" in member and len(member) == 1:
                target = self.resolve(member["$ref"], f"{where}/$ref")
                if target is None:
                    return None
                resolved, resolved_where = target[0], target[1]
            if not isinstance(resolved, dict) or not isinstance(resolved.get("properties"), dict):
                return None
            if resolved.get("type", "object") != "object" or {"const", "enum"} & set(resolved):
                return None
            title = member.get("title") if isinstance(member.get("title"), str) else resolved.get("title")
            view = self.view([(resolved, resolved_where)], stack)
            shapes.append(Shape(view=view, title=title if isinstance(title, str) else None))
        return shapes

    def _choices(self, members: Any, pointer: str, stack: tuple[str, ...]) -> list[tuple[Any, str | None]] | None:
        choices: list[tuple[Any, str | None]] = []
        for index, member in enumerate(members):
            if isinstance(member, dict) and "$ref" in member and len(member) == 1:
                target = self.resolve(member["$ref"], f"{pointer}/{index}/$ref")
                member = target[0] if target else {}
            if not isinstance(member, dict) or "const" not in member:
                return None
            if set(member) - {"const", "title", "description", "$comment"}:
                return None
            title = member.get("title")
            choices.append((member["const"], title if isinstance(title, str) else None))
        return choices
