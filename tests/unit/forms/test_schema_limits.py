"""Schemas that are small as text but huge once read are refused at publish, quickly (issue 18 points 8 and 9)."""

from __future__ import annotations

import time

import pytest

from forms import FormSchemaError, compile_form
from forms.limits import MAX_EXPANDED, expansion_problem


def fan_out(depth: int, fan: int) -> dict:
    """Definition l0 is allOf ``fan`` references to l1, each of which is allOf ``fan`` references to l2..."""
    defs: dict = {f"l{depth}": {"type": "object", "properties": {"x": {"type": "string", "title": "x"}}}}
    for level in range(depth - 1, -1, -1):
        defs[f"l{level}"] = {"allOf": [{"$ref": f"#/$defs/l{level + 1}"} for _ in range(fan)]}
    return {"type": "object", "$defs": defs, "properties": {"a": {"$ref": "#/$defs/l0", "title": "甲"}}}


def test_nested_ref_fan_out_refused_naming_the_definition():
    started = time.monotonic()
    with pytest.raises(FormSchemaError) as info:
        compile_form(fan_out(8, 10))  # 10**8 subschemas: hung the publish request for more than 200 s
    assert time.monotonic() - started < 5  # safety net; the walk stops at the bound (milliseconds)
    [problem] = info.value.problems
    assert problem.keyword == "$ref"
    assert problem.pointer == "/properties/a/$ref"
    assert "#/$defs/l0" in problem.message and "展开" in problem.message


def test_refusal_is_fast_enough_for_the_live_preview():
    started = time.perf_counter()
    for _ in range(20):
        assert expansion_problem(fan_out(8, 10)) is not None
    elapsed = (time.perf_counter() - started) / 20
    print(f"refusing an 8x10 fan-out: {elapsed * 1000:.1f} ms")


def test_moderate_reuse_still_compiles():
    form = compile_form(fan_out(2, 10))  # 100 expansions of one small definition
    assert form.validate({"a": {"x": "1"}}) == {}


def test_bound_counts_expansions_not_text():
    assert expansion_problem(fan_out(3, 10)) is None  # ~1,100 subschemas
    assert expansion_problem(fan_out(4, 10)) is not None  # ~11,000
    assert MAX_EXPANDED == 5_000


def test_recursive_reference_does_not_loop():
    schema = {"type": "object", "$defs": {"node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}}}}}
    assert expansion_problem(schema) is None


@pytest.mark.parametrize("min_items", [501, 1_000_000])
def test_huge_min_items_refused(min_items):
    schema = {
        "type": "object",
        "properties": {
            "rows": {"type": "array", "title": "行", "minItems": min_items, "items": {"type": "string", "title": "值"}}
        },
    }
    started = time.monotonic()
    with pytest.raises(FormSchemaError) as info:
        compile_form(schema)
    assert time.monotonic() - started < 5
    [problem] = info.value.problems
    assert problem.pointer == "/properties/rows/minItems"
    assert "minItems" in problem.message and "500" in problem.message


def test_too_many_inputs_refused():
    row = {"type": "object", "properties": {f"f{i}": {"type": "string", "title": f"f{i}"} for i in range(10)}}
    schema = {"type": "object", "properties": {"rows": {"type": "array", "title": "行", "minItems": 300, "items": row}}}
    with pytest.raises(FormSchemaError) as info:
        compile_form(schema)
    assert "3000" in info.value.problems[0].message


def test_many_fields_refused():
    schema = {"type": "object", "properties": {f"f{i}": {"type": "string", "title": f"f{i}"} for i in range(2001)}}
    with pytest.raises(FormSchemaError):
        compile_form(schema)
    del schema["properties"]["f0"]
    assert len(compile_form(schema).field_paths) == 2000
