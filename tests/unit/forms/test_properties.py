"""Property test: random schemas from the supported subset, random instances, exact round trips."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from forms import UnrepresentableData, compile_form
from forms.formats import FORMAT_CHECKER
from forms.nodes import same_json

pytestmark = pytest.mark.slow  # `pytest -m "not slow"` skips it in the quick loop; CI runs it

NAMES = st.sampled_from(["name", "age", "kind", "city", "phones", "members", "note", "flag", "申请人", "x_1"])
SCALAR_VALUES = st.one_of(
    st.text(max_size=8), st.integers(-1000, 1000), st.booleans(), st.none(), st.floats(-1e6, 1e6, allow_nan=False)
)


def scalar_schemas() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.fixed_dictionaries(
            {"type": st.just("string")}, optional={"minLength": st.integers(0, 3), "maxLength": st.integers(1, 6)}
        ),
        st.fixed_dictionaries(
            {"type": st.just("string"), "format": st.sampled_from(["date", "email", "cn-postcode", "cn-mobile"])}
        ),
        st.fixed_dictionaries(
            {"type": st.just("integer")}, optional={"minimum": st.integers(-5, 5), "maximum": st.integers(5, 50)}
        ),
        st.fixed_dictionaries(
            {"type": st.just("number")}, optional={"exclusiveMinimum": st.integers(-5, 5), "multipleOf": st.just(0.5)}
        ),
        st.fixed_dictionaries({"type": st.just("boolean")}),
        st.fixed_dictionaries({"type": st.just(["string", "null"])}),
        st.fixed_dictionaries({"type": st.just("null")}),
        st.fixed_dictionaries({"enum": st.lists(SCALAR_VALUES, min_size=1, max_size=4, unique_by=repr)}),
        st.fixed_dictionaries(
            {
                "oneOf": st.lists(st.text(min_size=1, max_size=4), min_size=1, max_size=3, unique=True).map(
                    lambda values: [{"const": value, "title": value.upper()} for value in values]
                )
            }
        ),
    )


def object_schemas(depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    children = (
        scalar_schemas()
        if depth >= 2
        else st.one_of(scalar_schemas(), scalar_schemas(), array_schemas(depth), object_schemas(depth + 1))
    )
    return st.dictionaries(NAMES, children, min_size=1, max_size=4).flatmap(
        lambda properties: st.fixed_dictionaries(
            {
                "type": st.just("object"),
                "properties": st.just(properties),
                "required": st.lists(st.sampled_from(sorted(properties)), unique=True, max_size=len(properties)),
            }
        )
    )


def array_schemas(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    items = st.one_of(scalar_schemas(), st.just({"enum": ["a", "b", "c"]}), object_schemas(depth + 1))
    return st.fixed_dictionaries(
        {"type": st.just("array"), "items": items},
        optional={"minItems": st.integers(0, 2), "maxItems": st.integers(2, 4), "uniqueItems": st.booleans()},
    )


def instances(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Mostly well-shaped data for ``schema``, sometimes a wrong type."""
    kind = schema.get("type")
    if kind == "object":
        properties = schema["properties"]
        return st.fixed_dictionaries({}, optional={name: instances(sub, depth + 1) for name, sub in properties.items()})
    if kind == "array":
        return st.lists(instances(schema["items"], depth + 1), max_size=3)
    if "enum" in schema:
        return st.one_of(st.sampled_from(schema["enum"]), SCALAR_VALUES)
    if "oneOf" in schema:
        return st.sampled_from([member["const"] for member in schema["oneOf"]])
    typed = {
        "string": st.one_of(st.text(max_size=8), st.sampled_from(["2024-02-29", "a@b.cn", "350001", "13800138000"])),
        "integer": st.integers(-100, 100),
        "number": st.one_of(st.integers(-100, 100), st.floats(-100, 100, allow_nan=False)),
        "boolean": st.booleans(),
        "null": st.none(),
    }
    if isinstance(kind, list):
        return st.one_of(typed["string"], st.none())
    return st.one_of(typed[kind], typed[kind], SCALAR_VALUES)


# FORMS_HYPOTHESIS_EXAMPLES=5000 for a longer hunt.
@settings(
    max_examples=int(os.environ.get("FORMS_HYPOTHESIS_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.data())
def test_round_trip_and_verdict(data: st.DataObject) -> None:
    schema = data.draw(object_schemas())
    form = compile_form(schema)
    instance = data.draw(instances(schema))
    try:
        posted = form.encode(instance)
    except UnrepresentableData:
        return
    result = form.parse(posted)
    assert same_json(result.data, instance), (schema, instance, result.data)
    expected = Draft202012Validator(schema, format_checker=FORMAT_CHECKER).is_valid(instance)
    assert result.ok == expected, (schema, instance, result.errors)
    assert set(result.errors) <= set(form.validate(instance)) | {""} or not expected
    form.render(result.data, result.errors)
    form.summary(instance)
