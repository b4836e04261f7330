"""Posted form fields -> JSON data, converting strings to the schema's types.

Conversion problems (text in a number field, an unknown choice, a bad upload) become field errors here;
everything else is left to jsonschema. When a value cannot be converted, the text the person typed is
kept in the data so the form can show it again next to its error.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from forms.dates import DATE_PART_SEPARATOR, join_date_parts, part_names
from forms.files import StoreFile, accepts, human_size, load_reference, read_head, sniff_media_type, type_names
from forms.files import upload_size as measure_upload
from forms.formats import normalise_format_input
from forms.formdata import COUNT_SUFFIX, as_lists, filled_prefixes
from forms.messages import message
from forms.nodes import MISSING, Field

NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
INTEGER_LITERAL = re.compile(r"^[+-]?\d+$", re.ASCII)
TRUE_TOKENS = frozenset({"true", "on", "1", "yes"})
FALSE_TOKENS = frozenset({"false", "off", "0", "no"})
MAX_INPUT_CHARS = 100_000
MAX_ROWS = 500


@dataclass
class ParseResult:
    """What a post turned into: ``data`` (JSON), ``errors`` by field path, and whether it is ``ok``.

    ``rerender`` is True when the post was an add/remove-row button: show the form again with ``data``.
    """

    data: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)
    ok: bool = False
    rerender: bool = False


def to_number(text: str) -> int | float | None:
    """Parse what a person typed as a JSON number (full-width digits allowed); None if it is not one."""
    text = unicodedata.normalize("NFKC", text).strip()
    if len(text) > 400 or not NUMBER.match(text):
        return None
    if INTEGER_LITERAL.match(text):
        return int(text)
    number = float(text)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 and "e" not in text.lower() else number


def normalise_text(field: Field, text: str) -> str:
    """The canonical form of typed text: CRLF as LF, trimmed (except passwords), formats completed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if field.widget != "password":
        text = text.strip()
    if field.widget == "color":
        text = text.lower()  # what a colour input posts
    return normalise_format_input(field.fmt, text)


class FormReader:
    """Walks the field tree over one post. ``errors`` collects conversion problems by field path."""

    def __init__(self, formdata: Any, files: Any, store_file: StoreFile | None, locale: str, keep_empty_rows: bool):
        self.posted = as_lists(formdata)
        self.files = files or {}
        self.store_file = store_file
        self.locale = locale
        self.keep_empty_rows = keep_empty_rows
        self.filled = filled_prefixes(self.posted, files)
        self.errors: dict[str, list[str]] = {}

    def error(self, path: str, key: str, **kw: Any) -> None:
        self.errors.setdefault(path, []).append(message(key, self.locale, **kw))

    def read(self, node: Field, path: str) -> Any:
        """The JSON value for ``node`` at ``path``, or MISSING when nothing was given."""
        reader = getattr(self, f"read_{node.kind}")
        return reader(node, path)

    def read_object(self, node: Field, path: str) -> Any:
        if path and not node.required and path not in self.filled:
            return MISSING
        result: dict[str, Any] = {}
        chosen = None
        if node.shapes and node.shape_selector is not None:
            token = self._first(node.child_path(path, node.shape_selector))
            chosen = next((shape for shape in node.shapes if shape.token == token), None)
        for child in node.children:
            if child.virtual:
                continue
            if child.shape_tokens and (chosen is None or chosen.token not in child.shape_tokens):
                continue  # a field of a shape that was not chosen (posted when scripts are off)
            value = self.read(child, node.child_path(path, child.name))
            if value is not MISSING:
                result[child.name] = value
        if chosen is not None:
            result.update(chosen.consts)
        return result

    def read_array(self, node: Field, path: str) -> Any:
        assert node.item is not None
        count = self._row_count(node, path)
        rows: list[Any] = []
        for index in range(count):
            row_path = f"{path}.{index}"
            if row_path not in self.filled and not self.keep_empty_rows:
                continue
            before = set(self.errors)
            value = self.read(node.item, row_path)
            if len(rows) != index:
                self._move_errors(before, row_path, f"{path}.{len(rows)}")
            rows.append(None if value is MISSING else value)
        if not rows:
            return [] if node.required else MISSING
        return rows

    def _row_count(self, node: Field, path: str) -> int:
        posted = self.posted.get(path + COUNT_SUFFIX, [])
        if posted and posted[0].strip().isdecimal():
            count = int(posted[0].strip()) if len(posted[0].strip()) < 6 else MAX_ROWS + 1
        else:
            prefix = path + "."
            indices = [key[len(prefix) :].split(".", 1)[0] for key in self.filled if key.startswith(prefix)]
            count = max((int(i) + 1 for i in indices if i.isdecimal() and len(i) < 6), default=0)
        if count > MAX_ROWS:
            self.error(path, "too_many_rows", label=node.label)
            return MAX_ROWS
        return count

    def _move_errors(self, before: set[str], old: str, new: str) -> None:
        for key in [key for key in self.errors if key not in before]:
            if key == old or key.startswith(old + "."):
                self.errors[new + key[len(old) :]] = self.errors.pop(key)

    def read_multichoice(self, node: Field, path: str) -> Any:
        values: list[Any] = []
        for token in self.posted.get(path, []):
            if token == "":
                continue
            choice = node.by_token.get(token)
            if choice is None:
                self.error(path, "choice", label=node.label)
                continue
            values.append(choice.value)
        return values if values else MISSING

    def _first(self, path: str) -> str | None:
        values = self.posted.get(path, [])
        return values[0] if values else None

    def _empty(self, node: Field) -> Any:
        return None if node.nullable and node.required else MISSING

    def _too_long(self, node: Field, path: str, text: str) -> bool:
        if len(text) > MAX_INPUT_CHARS:
            self.error(path, "too_long_input", label=node.label)
            return True
        return False

    def read_text(self, node: Field, path: str) -> Any:
        if node.widget in ("alt-date", "alt-datetime"):
            return self._read_split_date(node, path)
        raw = self._first(path)
        if raw is None or self._too_long(node, path, raw):
            return MISSING
        text = normalise_text(node, raw)
        return text if text else self._empty(node)

    def _read_split_date(self, node: Field, path: str) -> Any:
        with_time = node.widget == "alt-datetime"
        names = part_names(with_time)
        posted = {name: self._first(f"{path}{DATE_PART_SEPARATOR}{name}") for name in names}
        if all(text is None for text in posted.values()):
            return MISSING
        text, real = join_date_parts({name: text or "" for name, text in posted.items()}, with_time)
        if not text:
            return self._empty(node)
        if not real:
            self.error(path, "format_date-time" if with_time else "format_date", label=node.label)
        return text

    def read_integer(self, node: Field, path: str) -> Any:
        return self._read_number(node, path, "type_integer")

    def read_number(self, node: Field, path: str) -> Any:
        return self._read_number(node, path, "type_number")

    def _read_number(self, node: Field, path: str, error_key: str) -> Any:
        raw = self._first(path)
        if raw is None or self._too_long(node, path, raw):
            return MISSING
        if not raw.strip():
            return self._empty(node)
        number = to_number(raw)
        if number is None:
            self.error(path, error_key, label=node.label)
            return raw.strip()
        return number

    def read_boolean(self, node: Field, path: str) -> Any:
        raw = self._first(path)
        checkbox = node.widget in ("", "checkbox")
        if raw is None or raw.strip() == "":
            return False if checkbox and node.unticked_false else MISSING
        token = raw.strip().lower()
        if token in TRUE_TOKENS:
            return True
        if token in FALSE_TOKENS:
            return False
        self.error(path, "type_boolean", label=node.label)
        return raw

    def read_null(self, node: Field, path: str) -> Any:
        return MISSING if self._first(path) is None else None

    def read_choice(self, node: Field, path: str) -> Any:
        raw = self._first(path)
        if raw is None or raw == "":
            return MISSING
        choice = node.by_token.get(raw)
        if choice is None:
            self.error(path, "choice", label=node.label)
            return MISSING
        return choice.value

    def read_file(self, node: Field, path: str) -> Any:
        upload = self.files.get(path) if hasattr(self.files, "get") else None
        if upload is not None and getattr(upload, "filename", None):
            return self._store(node, path, upload)
        raw = self._first(path)
        if raw is None or raw.strip() == "":
            return self._empty(node)
        reference = load_reference(raw)
        if reference is None:
            self.error(path, "file_reference", label=node.label)
            return MISSING
        return reference

    def _store(self, node: Field, path: str, upload: Any) -> Any:
        size = measure_upload(upload)
        if size == 0:
            self.error(path, "file_empty", label=node.label)
            return MISSING
        if node.max_bytes is not None and size > node.max_bytes:
            self.error(path, "file_too_big", label=node.label, size=human_size(node.max_bytes))
            return MISSING
        media_type = sniff_media_type(read_head(upload))
        if not accepts(node.accept, media_type):
            self.error(path, "file_type", label=node.label, types=type_names(node.accept))
            return MISSING
        if self.store_file is None:
            raise ValueError("parse() received an upload but no store_file callback to keep it")
        reference = dict(self.store_file(path, upload))
        reference.setdefault("name", upload.filename)
        reference.setdefault("size", size)
        reference.setdefault("media_type", media_type)
        return reference
