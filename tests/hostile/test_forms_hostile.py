"""Hostile schemas and submissions: each is refused (or validated) within its bound (issue 18 points 7-9)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms import FormSchemaError, compile_form
from tests.hostile.harness import run_bounded
from tests.unit.forms.test_schema_limits import fan_out

pytestmark = pytest.mark.slow  # `pytest -m "not slow"` skips it in the quick loop; CI runs it

BOUND = 5.0


def _compile(schema: dict) -> str:
    try:
        form = compile_form(schema)
    except FormSchemaError as exc:
        return f"refused: {exc.problems[0].pointer} {exc.problems[0].message}"
    return f"compiled: {len(form.field_paths)} fields, {len(form.render())} characters"


def _string_field(**keywords) -> dict:
    return {"type": "object", "properties": {"code": {"type": "string", "title": "代码", **keywords}}}


def _rows(min_items: int) -> dict:
    item = {"type": "string", "title": "值"}
    return {
        "type": "object",
        "properties": {"rows": {"type": "array", "title": "行", "minItems": min_items, "items": item}},
    }


HOSTILE_SCHEMAS = {
    "fan-out 8x10": fan_out(8, 10),
    "fan-out 5x10": fan_out(5, 10),
    "fan-out 3x40": fan_out(3, 40),
    "minItems 1000000": _rows(1_000_000),
    "nested minItems": {
        "type": "object",
        "properties": {
            "outer": {"type": "array", "title": "外", "minItems": 400, "items": _rows(400)["properties"]["rows"]}
        },
    },
    "10000 fields": {
        "type": "object",
        "properties": {f"f{i}": {"type": "string", "title": "x"} for i in range(10_000)},
    },
    "backreference": _string_field(pattern=r"^(a+)\1$"),
    "lookahead": _string_field(pattern=r"^(?=(a+)+$)"),
    "huge repetition": _string_field(pattern="(((a{1000}){1000}){1000})"),
    "long pattern": _string_field(pattern="(a|b)" * 5000),
}


@pytest.mark.parametrize("name", list(HOSTILE_SCHEMAS))
def test_hostile_schema_is_refused_within_its_bound(name):
    outcome = run_bounded(lambda: _compile(HOSTILE_SCHEMAS[name]), seconds=BOUND)
    assert outcome.kind == "returned", f"{name}: {outcome}"
    assert outcome.value.startswith("refused"), f"{name}: {outcome}"


@pytest.mark.parametrize(
    ("pattern", "value"),
    [("^(a+)+$", "a" * 100_000 + "!"), ("^(a|aa)+$", "a" * 100_000 + "!"), ("^(\\w+\\s?)*$", "word " * 20_000 + "!")],
)
def test_catastrophic_patterns_validate_within_their_bound(pattern, value):
    form = compile_form(_string_field(pattern=pattern))
    outcome = run_bounded(lambda: form.validate({"code": value}), seconds=BOUND)
    assert outcome.kind == "returned", str(outcome)
    assert outcome.value == {"code": ["代码的格式不正确"]}


def _generated_fan_outs() -> str:
    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(1, 9), st.integers(1, 12))
    def each(depth: int, fan: int) -> None:
        _compile(fan_out(depth, fan))

    each()
    return "ok"


def test_generated_fan_outs_end_within_their_bound():
    outcome = run_bounded(_generated_fan_outs, seconds=45)
    assert outcome == outcome and outcome.kind == "returned", str(outcome)
