"""The compiled shape of a form: a tree of fields that render, parse, encode and summary walk."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()

# Field kinds. "text", "integer", "number", "boolean", "null": one input; "choice": radios or a select;
# "multichoice": checkboxes or a multiple select; "file": an upload; "object": a fieldset of children;
# "array": repeated rows of ``item`` with add/remove buttons.
SCALAR_KINDS = frozenset({"text", "integer", "number", "boolean", "null", "choice", "file"})


@dataclass(frozen=True)
class Choice:
    """One option of a choice field: the JSON value, the token posted for it, and its title if any.

    ``when``: the option is offered only while that rule holds (a field whose choices differ per if/then
    branch); None: always.
    """

    value: Any
    token: str
    title: str | None = None
    when: Rule | None = None


@dataclass(frozen=True)
class Clause:
    """Part of a show/hide condition: sibling ``name`` holds one of ``tokens`` (None: is filled in)."""

    name: str
    tokens: tuple[str, ...] | None
    when_absent: bool = False


@dataclass(frozen=True)
class Condition:
    """When the field is shown: all clauses hold (or, with ``negate``, not all of them hold)."""

    clauses: tuple[Clause, ...]
    negate: bool = False

    def as_json(self, parent_path: str) -> str:
        """The rule for forms.js, with sibling names turned into full field paths under ``parent_path``."""
        clauses = [
            {"name": join_path(parent_path, c.name), "tokens": c.tokens, "absent": c.when_absent} for c in self.clauses
        ]
        return json.dumps({"all": clauses, "negate": self.negate}, ensure_ascii=False)


@dataclass(frozen=True)
class Either:
    """Several rules, any of which is enough (a field asked in more than one branch)."""

    rules: tuple[Condition, ...]

    def as_json(self, parent_path: str) -> str:
        return "{" + '"any": [' + ", ".join(rule.as_json(parent_path) for rule in self.rules) + "]}"


Rule = Condition | Either


def either(rules: list[Condition | None]) -> Rule | None:
    """The rule that holds when any of ``rules`` holds; None (always) if one of them is None."""
    if any(rule is None for rule in rules):
        return None
    unique: list[Condition] = []
    for rule in rules:
        if rule is not None and rule not in unique:
            unique.append(rule)
    return unique[0] if len(unique) == 1 else Either(tuple(unique))


@dataclass(frozen=True)
class Section:
    """A headed group of an object's fields (``ui:sections``): layout only, the data keeps its shape."""

    title: str
    names: tuple[str, ...]
    help: str | None = None


SHAPE_FIELD = "~shape"  # the selector of a oneOf/anyOf between object shapes: posted, never stored


@dataclass(frozen=True)
class ShapeOption:
    """One shape of an object's oneOf/anyOf: the selector token that picks it, its fields and fixed values."""

    token: str
    title: str | None
    names: tuple[str, ...]
    consts: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass
class Field:
    """One node of the compiled form. ``name`` is the property name ("" for the root)."""

    name: str
    kind: str
    label: str
    pointer: str
    required: bool = False
    marked_required: bool = False
    nullable: bool = False
    read_only: bool = False
    help: str | None = None
    placeholder: str | None = None
    widget: str = ""
    default: Any = MISSING
    choices: tuple[Choice, ...] = ()
    children: tuple[Field, ...] = ()
    item: Field | None = None
    min_items: int = 0
    max_items: int | None = None
    fmt: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    input_type: str = "text"
    minimum: int | float | None = None
    maximum: int | float | None = None
    step: int | float | None = None
    accept: tuple[str, ...] = ()
    max_bytes: int | None = None
    condition: Rule | None = None
    required_when: tuple[str, ...] = ()
    required_if: tuple[Rule, ...] = ()  # marked required while one of these rules holds (if/then "required")
    variants: tuple[tuple[Rule, dict[str, Any]], ...] = ()  # input limits per branch, applied by forms.js
    unticked_false: bool = False  # a yes/no box whose unticked state posts as false
    virtual: bool = False  # posted but not part of the data (the shape selector)
    shape_selector: str | None = None  # of an object with shapes: the child whose answer picks the shape
    shapes: tuple[ShapeOption, ...] = ()
    shape_tokens: tuple[str, ...] = ()  # of a field that only some shapes have: the tokens of those shapes
    sections: tuple[Section, ...] = ()
    columns: int = 1
    span_full: bool = False
    by_name: dict[str, Field] = field(default_factory=dict, repr=False)
    by_token: dict[str, Choice] = field(default_factory=dict, repr=False)
    branch_choices: bool = field(default=False, repr=False)  # some options are offered only in some branches

    def __post_init__(self) -> None:
        self.by_name = {child.name: child for child in self.children}
        self.by_token = {choice.token: choice for choice in self.choices}
        self.branch_choices = any(choice.when is not None for choice in self.choices)

    def child_path(self, path: str, key: str | int) -> str:
        """The path of a child (property name or row index) under this node at ``path``."""
        return join_path(path, key)

    def token_for(self, value: Any) -> str | None:
        """The posted token of a JSON value for a choice or boolean field (None if not an option)."""
        if self.kind == "boolean":
            return {True: "true", False: "false"}.get(value) if isinstance(value, bool) else None
        for choice in self.choices:
            if same_json(choice.value, value):
                return choice.token
        return None


def same_json(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0 but True != 1, as jsonschema's const/enum compare."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def join_path(parent_path: str, key: str | int) -> str:
    """A field path one level below ``parent_path`` ("" is the root)."""
    return f"{parent_path}.{key}" if parent_path else str(key)


def dom_id(path: str) -> str:
    """The HTML id of the input for a field path: "f-" + path with dots as dashes."""
    return "f-" + path.replace(".", "-") if path else "f-root"
