"""JSON data -> the form fields a browser would post for it (the inverse of parse).

Data a form cannot express exactly raises ``UnrepresentableData``: a form cannot tell an empty string from
"not given", an unticked optional box from "not given", or post a value that is not one of the choices.
"""

from __future__ import annotations

import json
import math
from typing import Any

from werkzeug.datastructures import MultiDict

from forms.dates import DATE_PART_SEPARATOR, join_date_parts, split_date_value
from forms.errors import UnrepresentableData
from forms.files import dump_reference, is_reference
from forms.formdata import COUNT_SUFFIX
from forms.nodes import MISSING, Field
from forms.parse import normalise_text
from forms.shapes import shape_of


class FormEncoder:
    """Walks the field tree over JSON data, appending posted fields to ``out``."""

    def __init__(self, collect: bool = False) -> None:
        self.posted: list[tuple[str, str]] = []
        self.inside_absent_group = 0
        self.collect = collect  # note every value that cannot be posted instead of stopping at the first
        self.problems: list[UnrepresentableData] = []

    def encode_root(self, root: Field, data: Any) -> MultiDict[str, str]:
        if not isinstance(data, dict):
            raise UnrepresentableData("", f"form data must be a JSON object, not {type(data).__name__}")
        self.write(root, "", data)
        return MultiDict(self.posted)

    def encode_all(self, root: Field, data: Any) -> tuple[MultiDict[str, str], list[UnrepresentableData]]:
        """The posted fields and every value that cannot be posted (``collect=True``), for ``forms check``."""
        try:
            posted = self.encode_root(root, data)
        except UnrepresentableData as problem:
            return MultiDict(), [problem]
        return posted, self.problems

    def write(self, node: Field, path: str, value: Any) -> None:
        try:
            getattr(self, f"write_{node.kind}")(node, path, value)
        except UnrepresentableData as problem:
            if not self.collect or not path:
                raise
            if not any(seen.path == problem.path for seen in self.problems):
                self.problems.append(problem)

    def _post(self, path: str, text: str) -> None:
        self.posted.append((path, text))

    def _unrepresentable_absence(self, path: str, reason: str) -> None:
        """Inside a group that is not given, whatever its inputs would mean is dropped with it."""
        if not self.inside_absent_group:
            raise UnrepresentableData(path, reason)

    def _absent_ok(self, node: Field, path: str, value: Any, posts_null_as_empty: bool = False) -> bool:
        """Handle MISSING/None for inputs where empty means "not given"; True when nothing more to do."""
        null_when_empty = node.nullable and node.required
        if value is MISSING:
            if null_when_empty:
                self._unrepresentable_absence(path, "an empty answer here means null, so 'not given' cannot be posted")
            return True
        if value is None and null_when_empty:
            return True
        if value is None:
            raise UnrepresentableData(path, "null can only be posted for a required field that allows null")
        return False

    def write_object(self, node: Field, path: str, value: Any) -> None:
        if value is MISSING:
            if path and node.required:
                self._unrepresentable_absence(path, "a required group is always posted")
            self.inside_absent_group += 1
            try:
                for child in node.children:
                    self.write(child, node.child_path(path, child.name), MISSING)
            finally:
                self.inside_absent_group -= 1
            return
        elif not isinstance(value, dict):
            raise UnrepresentableData(path, f"expected an object, got {type(value).__name__}")
        chosen = shape_of(node, value)
        fixed = chosen.consts if chosen is not None else {}
        unknown = [key for key in value if key not in node.by_name and key not in fixed]
        if unknown:
            raise UnrepresentableData(node.child_path(path, unknown[0]), "no field in the form for this property")
        if node.shapes and chosen is None:
            raise UnrepresentableData(path, "the data fits none of the shapes (oneOf/anyOf) the form offers")
        start = len(self.posted)
        for child in node.children:
            child_path = node.child_path(path, child.name)
            if child.virtual:
                self._post(child_path, chosen.token if chosen is not None else "")
                continue
            if child.shape_tokens and (chosen is None or chosen.token not in child.shape_tokens):
                if child.name in value:
                    raise UnrepresentableData(child_path, "this property belongs to another shape")
                continue
            self.write(child, child_path, value.get(child.name, MISSING))
        if path and not node.required and not self._filled_since(start):
            raise UnrepresentableData(path, "an optional group whose answers are all empty is read as not given")

    def _filled_since(self, start: int) -> bool:
        return any(text.strip() for key, text in self.posted[start:] if not key.endswith(COUNT_SUFFIX))

    def write_array(self, node: Field, path: str, value: Any) -> None:
        assert node.item is not None
        if value is MISSING:
            if node.required:
                self._unrepresentable_absence(path, "a required list is always posted (as [] when it has no rows)")
            value = []
        elif not isinstance(value, list):
            raise UnrepresentableData(path, f"expected a list, got {type(value).__name__}")
        elif not value and not node.required:
            raise UnrepresentableData(path, "an empty optional list is read as not given")
        self._post(path + COUNT_SUFFIX, str(len(value)))
        for index, row in enumerate(value):
            start = len(self.posted)
            self.write(node.item, f"{path}.{index}", row)
            if not self._filled_since(start):
                raise UnrepresentableData(f"{path}.{index}", "a row left completely empty is dropped")

    def write_multichoice(self, node: Field, path: str, value: Any) -> None:
        if value is MISSING:
            return
        if not isinstance(value, list) or not value:
            raise UnrepresentableData(path, "expected a non-empty list of choices")
        for item in value:
            self._post(path, self._choice_token(node, path, item))

    def _choice_token(self, node: Field, path: str, value: Any) -> str:
        token = node.token_for(value)
        if token is None:
            raise UnrepresentableData(path, f"{json.dumps(value, ensure_ascii=False)} is not one of the choices")
        return token

    def write_choice(self, node: Field, path: str, value: Any) -> None:
        if value is not MISSING:
            self._post(path, self._choice_token(node, path, value))

    def write_text(self, node: Field, path: str, value: Any) -> None:
        if node.widget in ("alt-date", "alt-datetime"):
            self._write_split_date(node, path, value)
            return
        if self._absent_ok(node, path, value):
            self._post(path, "")
            return
        if not isinstance(value, str):
            raise UnrepresentableData(path, f"expected text, got {type(value).__name__}")
        if normalise_text(node, value) != value or value == "":
            raise UnrepresentableData(path, "text with surrounding spaces, CR or an empty string is changed by a form")
        self._post(path, value)

    def _write_split_date(self, node: Field, path: str, value: Any) -> None:
        with_time = node.widget == "alt-datetime"
        if self._absent_ok(node, path, value):
            value = ""
        elif not isinstance(value, str):
            raise UnrepresentableData(path, f"expected a date as text, got {type(value).__name__}")
        parts = split_date_value(value, with_time)
        if value and join_date_parts(parts, with_time) != (value, True):
            raise UnrepresentableData(path, "only a real date (and hour:minute in China's time) fits the date boxes")
        for name, text in parts.items():
            self._post(f"{path}{DATE_PART_SEPARATOR}{name}", text)

    def write_integer(self, node: Field, path: str, value: Any) -> None:
        self.write_number(node, path, value)

    def write_number(self, node: Field, path: str, value: Any) -> None:
        if self._absent_ok(node, path, value):
            self._post(path, "")
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UnrepresentableData(path, f"expected a number, got {type(value).__name__}")
        if isinstance(value, float) and not math.isfinite(value):
            raise UnrepresentableData(path, "not a finite number")
        if isinstance(value, int) and len(str(abs(value))) > 300:
            raise UnrepresentableData(path, "number too long to type into a form")
        self._post(path, repr(value) if isinstance(value, float) else str(value))

    def write_boolean(self, node: Field, path: str, value: Any) -> None:
        checkbox = node.widget in ("", "checkbox")
        if value is MISSING:
            if checkbox and node.unticked_false:
                self._unrepresentable_absence(path, "an unticked box here is read as false")
            return
        if not isinstance(value, bool):
            raise UnrepresentableData(path, f"expected true or false, got {type(value).__name__}")
        if checkbox:
            if not value and not node.unticked_false:
                raise UnrepresentableData(path, "an unticked optional box is read as not given")
            if value:
                self._post(path, "true")
            return
        self._post(path, "true" if value else "false")

    def write_null(self, node: Field, path: str, value: Any) -> None:
        if value is MISSING:
            return
        if value is not None:
            raise UnrepresentableData(path, "this field can only be null")
        self._post(path, "")

    def write_file(self, node: Field, path: str, value: Any) -> None:
        if self._absent_ok(node, path, value):
            self._post(path, "")
            return
        if not is_reference(value):
            raise UnrepresentableData(path, "expected an uploaded file reference ({file_id, name, size, media_type})")
        self._post(path, dump_reference(value))
