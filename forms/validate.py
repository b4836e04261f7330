"""jsonschema errors -> one plain, translated sentence per problem, keyed by field path."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsonschema.exceptions import ValidationError

from forms.formats import FormatProblem
from forms.messages import CATALOGUE, message
from forms.nodes import Field, join_path
from forms.shapes import shape_of

NUMBER_MESSAGES = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "multipleOf": "multiple_of",
    "minLength": "min_length",
    "maxLength": "max_length",
    "minItems": "min_items",
    "maxItems": "max_items",
}
SIMPLE_MESSAGES = {
    "pattern": "pattern",
    "uniqueItems": "unique_items",
    "minProperties": "min_properties",
    "maxProperties": "max_properties",
}
REQUIRED_MESSAGES = {"choice": "required_choice", "multichoice": "required_choice", "file": "required_file"}


def locate(root: Field, parts: Iterable[Any]) -> tuple[Field, list[str]]:
    """The deepest field along an instance path, and the path parts that reach it."""
    node, reached = root, []
    for part in parts:
        if node.kind == "object" and isinstance(part, str) and part in node.by_name:
            node = node.by_name[part]
        elif node.kind == "array" and isinstance(part, int) and node.item is not None:
            node = node.item
        else:
            break
        reached.append(str(part))
    return node, reached


def show_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class ErrorMapper:
    """Turns each jsonschema ValidationError into (field path, sentence) pairs."""

    def __init__(self, root: Field, locale: str) -> None:
        self.root = root
        self.locale = locale
        self.errors: dict[str, list[str]] = {}

    def label(self, node: Field) -> str:
        if node is self.root:
            return message("form_label", self.locale)
        return node.label

    def add(self, path: str, text: str) -> None:
        found = self.errors.setdefault(path, [])
        if text not in found:
            found.append(text)

    def add_error(self, error: ValidationError) -> None:
        parts = list(error.absolute_path)
        node, reached = locate(self.root, parts)
        path = ".".join(reached)
        keyword = error.validator
        if keyword == "required" and isinstance(error.instance, dict):
            self._missing(node, reached, [name for name in error.validator_value if name not in error.instance])
        elif keyword == "dependentRequired" and isinstance(error.instance, dict):
            self._dependent_required(node, reached, error.validator_value, error.instance)
        elif keyword == "dependencies" and isinstance(error.instance, dict) and isinstance(error.validator_value, dict):
            lists = {name: others for name, others in error.validator_value.items() if isinstance(others, list)}
            self._dependent_required(node, reached, lists, error.instance)
        elif keyword in ("oneOf", "anyOf") and node.shapes and len(reached) == len(parts):
            self._shape_errors(node, path, error)
        elif keyword == "additionalProperties" and isinstance(error.instance, dict):
            # Judge by the schema that raised the error: a field declared only under then/else is a field of the
            # form (node.by_name) and still forbidden by this additionalProperties, and the message must say so.
            declared = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            extra = [name for name in error.instance if name not in declared]
            self.add(path, message("not_allowed_field", self.locale, names="、".join(extra)))
        else:
            self.add(path, self.sentence(error, node))

    def _shape_errors(self, node: Field, path: str, error: ValidationError) -> None:
        """A oneOf/anyOf between shapes failed: the errors of the shape the data was posted as, by field."""
        chosen = shape_of(node, error.instance)
        if chosen is None:
            selector = node.by_name.get(node.shape_selector or "")
            where = join_path(path, node.shape_selector or "") if selector is not None else path
            label = selector.label if selector is not None and not selector.virtual else None
            if selector is not None and selector.virtual:
                label = message("shape_label", self.locale, label=selector.label) if selector.label else None
            self.add(where, message("shape_required", self.locale, label=label or message("shape_kind", self.locale)))
            return
        index = node.shapes.index(chosen)
        own = [sub for sub in error.context or () if sub.relative_schema_path and sub.relative_schema_path[0] == index]
        for sub in own:
            self.add_error(sub)
        if not own:  # oneOf: the data fits more than one shape
            self.add(path, message("invalid", self.locale, label=self.label(node)))

    def _missing(self, parent: Field, reached: list[str], names: list[str]) -> None:
        for name in names:
            child = parent.by_name.get(name) if parent.kind == "object" else None
            path = ".".join([*reached, name]) if child is not None else ".".join(reached)
            label = child.label if child is not None else name
            key = REQUIRED_MESSAGES.get(child.kind, "required") if child is not None else "required"
            self.add(path, message(key, self.locale, label=label))

    def _dependent_required(self, parent: Field, reached: list[str], rules: Any, instance: dict[str, Any]) -> None:
        for name, others in rules.items():
            if name not in instance:
                continue
            trigger = parent.by_name.get(name)
            for other in others:
                if other in instance:
                    continue
                child = parent.by_name.get(other)
                path = ".".join([*reached, other]) if child is not None else ".".join(reached)
                self.add(
                    path,
                    message(
                        "dependent_required",
                        self.locale,
                        label=child.label if child else other,
                        other=trigger.label if trigger else name,
                    ),
                )

    def sentence(self, error: ValidationError, node: Field) -> str:
        """The message for one error at ``node`` (never jsonschema's own English text)."""
        keyword, label, value = error.validator, self.label(node), error.validator_value
        if keyword == "type":
            wanted = value if isinstance(value, str) else next(iter(value), "")
            key = {"integer": "type_integer", "number": "type_number", "boolean": "type_boolean"}.get(wanted)
            return message(key or "type_other", self.locale, label=label)
        if keyword in ("enum", "oneOf", "anyOf") and node.kind in ("choice", "multichoice"):
            return message("choice", self.locale, label=label)
        if keyword == "const":
            if value is True and node.kind == "boolean":
                return message("must_tick", self.locale, label=label)
            if node.kind in ("choice", "multichoice"):
                return message("choice", self.locale, label=label)
            return message("const", self.locale, label=label, value=self._display(value))
        if keyword == "enum":
            return message("choice", self.locale, label=label)
        if keyword == "format":
            return self._format_sentence(error, label)
        if keyword in ("minimum", "maximum") and isinstance(error.schema, dict):
            exclusive = f"exclusiveM{keyword[1:]}"
            keyword = exclusive if error.schema.get(exclusive) is True else keyword  # draft-04's boolean form
        if keyword in NUMBER_MESSAGES:
            return message(NUMBER_MESSAGES[keyword], self.locale, label=label, n=show_number(value))
        if keyword in SIMPLE_MESSAGES:
            return message(SIMPLE_MESSAGES[keyword], self.locale, label=label)
        if keyword is None:
            return message("forbidden", self.locale, label=label)
        return message("invalid", self.locale, label=label)

    def _format_sentence(self, error: ValidationError, label: str) -> str:
        if isinstance(error.cause, FormatProblem):
            return message(error.cause.key, self.locale, label=label)
        key = f"format_{error.validator_value}"
        return message(key if key in CATALOGUE else "format_other", self.locale, label=label)

    def _display(self, value: Any) -> str:
        if isinstance(value, bool):
            return message("yes" if value else "no", self.locale)
        return str(value)


def map_errors(errors: Iterable[ValidationError], root: Field, locale: str) -> dict[str, list[str]]:
    """Every jsonschema error as translated sentences keyed by field path ("" for the whole form)."""
    mapper = ErrorMapper(root, locale)
    for error in errors:
        mapper.add_error(error)
    return mapper.errors
