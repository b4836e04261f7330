"""One field declared in several if/then branches (or oneOf shapes): combine the branches' versions.

With ``animal: Cat → food ∈ {meat, grass, fish}`` and ``animal: Fish → food ∈ {insect, worms}`` the form has
one "food" field, shown while either branch applies, offering the union of the choices with each option
tagged by the branch(es) that allow it (forms.js offers only those), and input limits per branch. The
server parses any of the union and jsonschema judges the posted value against the branch that applies.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from forms.nodes import Choice, Condition, Field, Rule, either, same_json

LIMITS = ("max_length", "minimum", "maximum", "step")
# The HTML attribute each limit sets on the input (forms.js swaps them when the branch changes).
LIMIT_ATTRIBUTES = {"max_length": "maxlength", "minimum": "min", "maximum": "max", "step": "step"}


@dataclass
class Variant:
    """The field as one branch declares it: shown while ``condition`` holds (None: always)."""

    condition: Condition | None
    field: Field
    required: bool


def combine_variants(variants: list[Variant]) -> Field:
    """One field standing for every branch's version of it."""
    first = variants[0].field
    shown = either([variant.condition for variant in variants])
    required_in = [variant.condition for variant in variants if variant.required]
    marked = len(required_in) == len(variants)
    required_if = () if marked else tuple(rule for rule in [either([c]) for c in required_in] if rule is not None)
    if len(variants) == 1:
        return replace(first, condition=shown, marked_required=marked, required_if=required_if)
    same_kind = all(variant.field.kind == first.kind for variant in variants)
    changes: dict[str, Any] = {"condition": shown, "marked_required": marked, "required_if": required_if}
    if same_kind and first.kind in ("choice", "multichoice"):
        changes["choices"] = _union_choices(variants)
    elif same_kind:
        changes.update(_limits(variants))
    return replace(first, **changes)


def _union_choices(variants: list[Variant]) -> tuple[Choice, ...]:
    """Every branch's options once, each offered while one of the branches that list it applies."""
    from forms.compiler import choice_tokens  # the compiler imports this module

    values: list[tuple[Any, str | None]] = []
    offered_in: list[list[Condition | None]] = []
    for variant in variants:
        for choice in variant.field.choices:
            index = next((i for i, (value, _) in enumerate(values) if same_json(value, choice.value)), None)
            if index is None:
                values.append((choice.value, choice.title))
                offered_in.append([])
                index = len(values) - 1
            offered_in[index].append(variant.condition)
    tokens = choice_tokens([value for value, _ in values])
    choices = []
    for (value, title), token, conditions in zip(values, tokens, offered_in, strict=True):
        when = None if len(conditions) == len(variants) else either(conditions)
        choices.append(Choice(value, token, title, when))
    return tuple(choices)


def _limits(variants: list[Variant]) -> dict[str, Any]:
    """The loosest limits for the input itself and, per branch, the branch's own limits and label (forms.js
    applies them)."""
    changes: dict[str, Any] = {}
    per_branch: list[tuple[Rule, dict[str, Any]]] = []
    for name in LIMITS:
        values = [getattr(variant.field, name) for variant in variants]
        if all(value == values[0] for value in values):
            continue
        if name in ("max_length", "maximum"):
            changes[name] = None if None in values else max(values)
        elif name == "minimum":
            changes[name] = None if None in values else min(values)
        else:
            changes[name] = None
    # a branch that gives no title (the label fell back to the property name) keeps the others' label
    titled = [variant.field.label for variant in variants if variant.field.label != variant.field.name]
    labels = [v.field.label if v.field.label != v.field.name or not titled else titled[0] for v in variants]
    labels_differ = any(label != labels[0] for label in labels)
    if not changes and not labels_differ:
        return {}
    for variant in variants:
        if variant.condition is None:
            continue
        attributes = {LIMIT_ATTRIBUTES[name]: getattr(variant.field, name) for name in changes}
        if labels_differ:
            attributes["label"] = labels[variants.index(variant)]  # "姓名" for a person, "名称" for a company
        per_branch.append((variant.condition, attributes))
    changes["variants"] = tuple(per_branch)
    return changes
