"""A string allowed 200 characters or more is written in lines: a text area unless the ui says otherwise."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from forms import compile_form

CATALOG = Path(__file__).resolve().parents[3] / "catalog" / "demo"


def _form(opinion: dict[str, Any], ui: dict[str, Any] | None = None) -> Any:
    schema = {"type": "object", "properties": {"opinion": {"type": "string", "title": "审查意见", **opinion}}}
    return compile_form(schema, ui or {})


def test_a_long_string_is_a_text_area_with_its_limit() -> None:
    html = _form({"maxLength": 1000}).render({"opinion": "第一行\n第二行"})
    assert '<textarea class="govuk-textarea" rows="5" id="f-opinion" name="opinion" maxlength="1000">' in html
    assert 'maxlength="1000"' in html and "第一行\n第二行</textarea>" in html


def test_short_strings_and_formats_stay_one_line() -> None:
    assert "<textarea" not in _form({"maxLength": 199}).render({})
    assert "<textarea" not in _form({}).render({})
    assert "<textarea" not in _form({"maxLength": 500, "format": "email"}).render({})


def test_the_ui_widget_still_decides() -> None:
    html = _form({"maxLength": 1000}, {"opinion": {"ui:widget": "text"}}).render({})
    assert "<textarea" not in html and 'id="f-opinion"' in html


def test_every_demo_opinion_is_a_text_area() -> None:
    found = 0
    for path in sorted(CATALOG.glob("*/*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        opinion = schema.get("properties", {}).get("opinion")
        if not opinion or (opinion.get("maxLength") or 0) < 200:
            continue
        found += 1
        assert 'name="opinion"' in compile_form(schema, schema.get("x-ui") or {}).render({}).split("<textarea", 1)[-1]
    assert found > 0
