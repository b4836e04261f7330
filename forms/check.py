"""The logic of the admin CLI ``forms check SCHEMA.json [--ui UI.json] [--data DATA.json]``.

Renders the form offline, lists what cannot be rendered (keyword and JSON pointer), and with data prints
every validation message of the data by field label (as the page would show it), then checks that encoding
the data into form fields and parsing them back gives the same JSON, listing every value a form cannot post.
Never raises: every problem is printed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from forms.compiled import compile_form
from forms.encode import FormEncoder
from forms.errors import FormSchemaError
from forms.nodes import same_json

Out = Callable[[str], Any]
_FAILED = object()


def load_json_file(path: str | Path, what: str, out: Out) -> Any:
    """The parsed JSON of ``path``, or _FAILED after printing why (with line and column)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        out(f"{what} {path}: cannot read: {exc}")
        return _FAILED
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        out(f"{what} {path}: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
        return _FAILED


def json_differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Human-readable differences between two JSON values, by field path."""
    where = path or "(root)"
    if isinstance(expected, dict) and isinstance(actual, dict):
        found: list[str] = []
        for key in expected.keys() | actual.keys():
            sub = f"{path}.{key}" if path else str(key)
            if key not in actual:
                found.append(f"{sub}: missing after the round trip")
            elif key not in expected:
                found.append(f"{sub}: appeared after the round trip as {json.dumps(actual[key], ensure_ascii=False)}")
            else:
                found += json_differences(expected[key], actual[key], sub)
        return sorted(found)
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [
            line
            for i, (a, b) in enumerate(zip(expected, actual, strict=True))
            for line in json_differences(a, b, f"{path}.{i}")
        ]
    if same_json(expected, actual):
        return []
    return [
        f"{where}: {json.dumps(expected, ensure_ascii=False)} came back as {json.dumps(actual, ensure_ascii=False)}"
    ]


def check_schema_files(
    schema_path: str | Path, ui_path: str | Path | None = None, data_path: str | Path | None = None, out: Out = print
) -> int:
    """Check a form schema (and optionally ui hints and sample data); 0 when it renders and round-trips."""
    try:
        return _check(schema_path, ui_path, data_path, out)
    except Exception as exc:  # the CLI promises a message, never a traceback
        out(f"internal error while checking {schema_path}: {exc!r}")
        return 2


def _check(schema_path: str | Path, ui_path: str | Path | None, data_path: str | Path | None, out: Out) -> int:
    schema = load_json_file(schema_path, "schema", out)
    ui = load_json_file(ui_path, "ui hints", out) if ui_path else None
    data = load_json_file(data_path, "data", out) if data_path else None
    if _FAILED in (schema, ui, data):
        return 1
    try:
        form = compile_form(schema, ui)
    except FormSchemaError as err:
        out(f"cannot render {schema_path}: {len(err.problems)} problem(s)")
        for problem in err.problems:
            out(f"  {problem.keyword} at {problem.pointer or '/'}: {problem.message}")
        return 1
    for warning in form.warnings:
        out(f"warning: {warning.keyword} at {warning.pointer or '/'}: {warning.message}")
    html = form.render()
    out(f"renders: {len(form.field_paths)} fields, {len(html)} characters of HTML")
    if data_path is None:
        return 0
    return _round_trip(form, data, out)


def _round_trip(form: Any, data: Any, out: Out) -> int:
    """Every validation message of the data by field (as the page shows them), then the round trip."""
    errors = form.validate(data) if isinstance(data, dict) else {"": ["form data must be a JSON object"]}
    if errors:
        count = sum(len(texts) for texts in errors.values())
        out(f"validation: {count} error(s)")
        for path, texts in errors.items():
            for text in texts:
                out(f"  {field_label(form, path)}: {text}")
    else:
        out("validation: ok")
    posted, unpostable = FormEncoder(collect=True).encode_all(form.root, data)
    if unpostable:
        out(f"round-trip: the data cannot be posted by this form ({len(unpostable)} value(s))")
        for problem in unpostable:
            out(f"  {field_label(form, problem.path)}: {problem.reason}")
        return 1
    result = form.parse(posted)
    differences = json_differences(data, result.data)
    if differences:
        out("round-trip: differs")
        for line in differences:
            out(f"  {line}")
        return 1
    out("round-trip: ok")
    return 0


def field_label(form: Any, path: str) -> str:
    """The labels a person sees on the page, then the path: 申请人 · 姓名 (applicant.name)."""
    if not path:
        return "(form)"
    node, labels = form.root, []
    for part in path.split("."):
        if node.kind == "object" and part in node.by_name:
            node = node.by_name[part]
            labels.append(node.label)
        elif node.kind == "array" and part.isdecimal() and node.item is not None:
            node = node.item
            labels[-1:] = [f"{labels[-1] if labels else ''}[{int(part) + 1}]"]
        else:
            labels.append(part)
    return f"{' · '.join(label for label in labels if label)} ({path})"
