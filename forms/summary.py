"""(label, readable value) pairs for "check your answers" pages and case views."""

from __future__ import annotations

import json
from typing import Any

from forms.files import human_size, is_reference
from forms.messages import message
from forms.nodes import Field
from forms.shapes import shape_of


class Summariser:
    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.rows: list[tuple[str, str]] = []
        self.files: list[tuple[str, dict[str, Any]]] = []

    def object(self, node: Field, value: Any, prefix: str) -> None:
        if not isinstance(value, dict):
            return
        for child in node.children:
            if child.virtual:
                shape = shape_of(node, value)
                if shape is not None:
                    numbered = message("shape_option", self.locale).format(n=node.shapes.index(shape) + 1)
                    label = message("shape_label", self.locale, label=child.label) if child.label else None
                    self.rows.append((prefix + (label or message("shape_kind", self.locale)), shape.title or numbered))
            elif child.name in value:
                self.field(child, value[child.name], prefix, child.label)

    def field(self, node: Field, value: Any, prefix: str, label: str) -> None:
        if node.kind == "object":
            self.object(node, value, prefix + label + " · ")
        elif node.kind == "array" and isinstance(value, list) and node.item is not None:
            for index, row in enumerate(value):
                row_label = message("row_legend", self.locale, label=node.item.label, n=index + 1)
                self.field(node.item, row, prefix, row_label)
        else:
            if is_reference(value):
                self.files.append((prefix + label, value))
            self.rows.append((prefix + label, self.text(node, value)))

    def text(self, node: Field, value: Any) -> str:
        """A value as a person reads it: choice titles, 是/否, file name and size."""
        if node.kind == "multichoice" and isinstance(value, list):
            separator = message("list_separator", self.locale)
            return separator.join(self._choice(node, item) for item in value)
        if node.kind == "choice":
            return self._choice(node, value)
        if node.widget == "password" and isinstance(value, str):
            return message("password_given", self.locale)  # a summary page must not echo a secret
        if is_reference(value):
            size = value.get("size")
            shown = human_size(size) if isinstance(size, int) else ""
            return f"{value.get('name') or value['file_id']}（{shown}）" if shown else str(value.get("name"))
        return self._plain(value)

    def _choice(self, node: Field, value: Any) -> str:
        for choice in node.choices:
            if choice.token == node.token_for(value):
                return choice.title if choice.title is not None else self._plain(value)
        return self._plain(value)

    def _plain(self, value: Any) -> str:
        if isinstance(value, bool):
            return message("yes" if value else "no", self.locale)
        if value is None:
            return message("none_given", self.locale)
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False)


def summarise(root: Field, data: Any, locale: str) -> list[tuple[str, str]]:
    """Every answered field of ``data`` as (label, readable value), in form order."""
    summariser = Summariser(locale)
    summariser.object(root, data, "")
    return summariser.rows


def materials(root: Field, data: Any, locale: str) -> list[tuple[str, dict[str, Any]]]:
    """Every uploaded file ``data`` names, as (field label, file reference), in form order."""
    summariser = Summariser(locale)
    summariser.object(root, data, "")
    return summariser.files
