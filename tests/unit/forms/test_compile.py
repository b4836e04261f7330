"""compile_form: what it accepts, and clear refusals for what it cannot render."""

from __future__ import annotations

from typing import Any

import pytest

from forms import FormSchemaError, Unsupported, compile_form, compile_form_cached
from forms.cache import clear_cache

from .helpers import APPLICATION


def refusal(schema: Any, ui: Any = None) -> list[Unsupported]:
    with pytest.raises(FormSchemaError) as caught:
        compile_form(schema, ui)
    assert caught.value.problems, "a refusal must say why"
    assert str(caught.value).startswith("schema cannot be rendered")
    return caught.value.problems


def test_application_compiles_with_field_paths_in_order() -> None:
    form = compile_form(APPLICATION)
    assert form.field_paths == [
        "name", "id_number", "mobile", "age", "capital", "kind", "agree", "note", "address.city", "address.postcode",
    ]  # fmt: skip


def test_broken_schema_is_refused_with_pointer() -> None:
    problems = refusal({"type": 12})
    assert problems[0].pointer == "/type"
    problems = refusal({"type": "object", "properties": {"a": {"type": "string", "minLength": -1}}})
    assert problems[0].pointer == "/properties/a/minLength"


@pytest.mark.parametrize(
    ("schema", "keyword", "pointer"),
    [
        ({"minimum": 3}, "type", ""),
        ({"type": "string"}, "type", ""),
        (True, "type", ""),
        (
            {"type": "object", "patternProperties": {"^a": {"type": "string"}}},
            "patternProperties",
            "/patternProperties",
        ),
        (
            {"type": "object", "additionalProperties": {"type": "string"}},
            "additionalProperties",
            "/additionalProperties",
        ),
        ({"type": "object", "propertyNames": {"maxLength": 3}}, "propertyNames", "/propertyNames"),
        ({"type": "object", "unevaluatedProperties": False}, "unevaluatedProperties", "/unevaluatedProperties"),
        ({"type": "object", "properties": {"a": {"not": {"type": "string"}}}}, "not", "/properties/a"),
        ({"type": "object", "properties": {"a": {}}}, "type", "/properties/a"),
        (
            {"type": "object", "properties": {"a": {"type": "array", "contains": {"type": "integer"}, "items": {}}}},
            "contains",
            "/properties/a/contains",
        ),
        (
            {"type": "object", "properties": {"a": {"type": "array", "prefixItems": [{"type": "integer"}]}}},
            "prefixItems",
            "/properties/a/prefixItems",
        ),
        ({"type": "object", "properties": {"a": {"$ref": "http://example.com/s.json"}}}, "$ref", "/properties/a/$ref"),
        ({"type": "object", "properties": {"a": {"$dynamicRef": "#x"}}}, "$dynamicRef", "/properties/a/$dynamicRef"),
        ({"type": "object", "properties": {"a": {"type": ["string", "integer"]}}}, "type", "/properties/a"),
        ({"type": "object", "properties": {"a.b": {"type": "string"}}}, "properties", "/properties/a.b"),
        ({"type": "object", "properties": {"_add": {"type": "string"}}}, "properties", "/properties/_add"),
        (
            {"type": "object", "properties": {"a": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}},
            "oneOf",
            "/properties/a/oneOf",
        ),
        ({"type": "object", "properties": {"a": {"type": "array"}}}, "items", "/properties/a"),
    ],
)
def test_unrenderable_keywords_are_named_with_their_pointer(schema: Any, keyword: str, pointer: str) -> None:
    problems = refusal(schema)
    assert (problems[0].keyword, problems[0].pointer) == (keyword, pointer)


def test_recursive_reference_is_refused() -> None:
    schema = {
        "type": "object",
        "properties": {"tree": {"$ref": "#/$defs/node"}},
        "$defs": {"node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"}}}},
    }
    assert refusal(schema)[0].keyword == "$ref"


def test_every_problem_is_listed() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "object", "patternProperties": {}}, "b": {"type": "array"}},
    }
    problems = refusal(schema)
    assert {p.keyword for p in problems} == {"patternProperties", "items"}
    text = str(FormSchemaError(problems))
    assert "/properties/a/patternProperties" in text and "/properties/b" in text


@pytest.mark.parametrize("bad", [None, [], "schema", 12, {"type": "object", "properties": []}])
def test_nonsense_never_raises_anything_but_form_schema_error(bad: Any) -> None:
    refusal(bad)


def test_deep_nesting_is_refused_cleanly() -> None:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(2000):
        schema = {"type": "object", "properties": {"a": schema}}
    refusal(schema)


def test_unknown_keywords_are_warnings_not_refusals() -> None:
    form = compile_form({"type": "object", "properties": {"a": {"type": "string", "requried": True}}})
    assert form.warnings == [Unsupported("requried", "/properties/a/requried", "unknown keyword, ignored")]


def test_ui_widget_that_does_not_fit_is_refused() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    assert refusal(schema, {"a": {"ui:widget": "checkboxes"}})[0].keyword == "ui:widget"
    assert refusal(schema, ["not", "a", "dict"])[0].keyword == "ui"


def test_refs_defs_definitions_and_allof_are_merged() -> None:
    schema = {
        "type": "object",
        "$defs": {"person": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}},
        "definitions": {"mobile": {"type": "string", "format": "cn-mobile", "title": "手机"}},
        "properties": {
            "applicant": {"$ref": "#/$defs/person", "title": "申请人"},
            "agent": {
                "allOf": [{"$ref": "#/$defs/person"}, {"properties": {"phone": {"$ref": "#/definitions/mobile"}}}]
            },
        },
    }
    form = compile_form(schema)
    assert form.field_paths == ["applicant.name", "agent.name", "agent.phone"]
    agent = form.root.by_name["agent"]
    assert agent.by_name["name"].required and agent.by_name["phone"].label == "手机"


def test_allof_with_conflicting_types_is_refused() -> None:
    schema = {"type": "object", "properties": {"a": {"allOf": [{"type": "string"}, {"type": "integer"}]}}}
    assert refusal(schema)[0].keyword == "type"


def test_ui_order_and_titles() -> None:
    ui = {"ui:order": ["age", "*"], "name": {"ui:title": "姓名", "ui:help": "请填写全名", "ui:placeholder": "张三"}}
    form = compile_form(APPLICATION, ui)
    assert form.field_paths[0] == "age"
    name = form.root.by_name["name"]
    assert (name.label, name.help, name.placeholder) == ("姓名", "请填写全名", "张三")


def test_compile_cache_returns_the_same_object_until_cleared() -> None:
    clear_cache()
    first = compile_form_cached("item-1@v1", APPLICATION)
    assert compile_form_cached("item-1@v1", APPLICATION) is first
    assert compile_form_cached("item-1@v2", APPLICATION) is not first
    clear_cache()
    assert compile_form_cached("item-1@v1", APPLICATION) is not first
