"""oneOf/anyOf between object shapes: which shape a JSON object is, so encode, render and error messages
follow the same shape that the selector picked when the data was posted."""

from __future__ import annotations

from typing import Any

from forms.nodes import MISSING, Field, ShapeOption, same_json


def shape_of(node: Field, value: Any) -> ShapeOption | None:
    """The shape ``value`` (an object's data) was posted as, or None when it fits none.

    A base field used as the selector decides by its answer; otherwise a shape whose fixed values
    (``const`` properties) all match, then the shape holding most of the data's shape-only keys.
    """
    if not node.shapes or not isinstance(value, dict) or node.shape_selector is None:
        return None
    selector = node.by_name.get(node.shape_selector)
    if selector is not None and not selector.virtual:
        token = selector.token_for(value.get(node.shape_selector, MISSING))
        return next((shape for shape in node.shapes if shape.token == token), None)
    for shape in node.shapes:
        if shape.consts and all(k in value and same_json(value[k], v) for k, v in shape.consts.items()):
            return shape
    shared = {child.name for child in node.children if not child.shape_tokens}
    keys = set(value) - shared
    fitting = [shape for shape in node.shapes if not shape.consts and keys <= set(shape.names)]
    if not fitting:
        return None
    return max(fitting, key=lambda shape: len(keys & set(shape.names)))


def shape_title(shape: ShapeOption, index: int, numbered: str) -> str:
    """The selector's label for a shape: its title, else the numbered fallback ("第2种")."""
    return shape.title if shape.title else numbered.format(n=index + 1)
