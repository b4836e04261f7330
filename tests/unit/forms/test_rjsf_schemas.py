"""Schemas written for rjsf / draft-07: dependencies, one property in several branches, honest refusals."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from forms import FormSchemaError, compile_form

ANIMALS: dict[str, Any] = {
    "type": "object",
    "required": ["animal"],
    "properties": {"animal": {"title": "动物", "enum": ["Cat", "Fish"]}, "name": {"type": "string", "title": "名字"}},
    "allOf": [
        {
            "if": {"properties": {"animal": {"const": "Cat"}}},
            "then": {
                "properties": {
                    "food": {"title": "食物", "type": "string", "enum": ["meat", "grass", "fish"]},
                    "nick": {"type": "string", "title": "昵称", "maxLength": 5},
                },
                "required": ["food", "name"],
            },
        },
        {
            "if": {"properties": {"animal": {"const": "Fish"}}},
            "then": {
                "properties": {
                    "food": {"type": "string", "enum": ["insect", "worms"]},
                    "water": {"type": "string", "title": "水域", "enum": ["lake", "sea"]},
                    "nick": {"type": "string", "maxLength": 10},
                },
                "required": ["food", "water"],
            },
        },
    ],
}
ANIMAL_FORM = compile_form(ANIMALS)


def attribute(html: str, field: str, name: str) -> Any:
    found = re.search(rf'<div[^>]*data-field="{field}"[^>]*>', html)
    assert found, field
    value = re.search(rf'{name}="([^"]*)"', found.group(0))
    return json.loads(value.group(1).replace("&#34;", '"')) if value else None


def test_choices_follow_the_branch_on_the_server() -> None:
    food = ANIMAL_FORM.root.by_name["food"]
    assert [c.value for c in food.choices] == ["meat", "grass", "fish", "insect", "worms"]
    fish = {"animal": "Fish", "food": "worms", "water": "sea"}
    assert ANIMAL_FORM.parse(ANIMAL_FORM.encode(fish)).data == fish
    assert ANIMAL_FORM.parse(ANIMAL_FORM.encode(fish)).ok
    wrong = ANIMAL_FORM.parse({"animal": "Fish", "food": "meat", "water": "sea"})
    assert wrong.errors == {"food": ["请从列表中选择食物"]}


def test_each_option_carries_the_branch_that_offers_it() -> None:
    html = ANIMAL_FORM.render()
    rules = re.findall(r'<div class="govuk-radios__item" data-when="([^"]*)"><input[^>]*value="(\w+)"', html)
    offered = {value: json.loads(rule.replace("&#34;", '"'))["all"][0]["tokens"] for rule, value in rules}
    assert offered == {"meat": ["Cat"], "grass": ["Cat"], "fish": ["Cat"], "insect": ["Fish"], "worms": ["Fish"]}
    shown = attribute(html, "food", "data-when")
    assert [rule["all"][0]["tokens"] for rule in shown["any"]] == [["Cat"], ["Fish"]]


def test_limits_follow_the_branch() -> None:
    html = ANIMAL_FORM.render()
    variants = attribute(html, "nick", "data-variants")
    assert [(v["when"]["all"][0]["tokens"], v["attrs"]) for v in variants] == [
        (["Cat"], {"maxlength": 5}),
        (["Fish"], {"maxlength": 10}),
    ]
    assert ANIMAL_FORM.parse({"animal": "Cat", "food": "meat", "name": "咪", "nick": "abcdefg"}).errors == {
        "nick": ["昵称不能超过5个字"]
    }


def test_a_field_declared_in_properties_and_required_in_a_branch_is_marked_in_the_browser() -> None:
    html = ANIMAL_FORM.render()
    required = attribute(html, "name", "data-required-when")
    assert required == [{"all": [{"name": "animal", "tokens": ["Cat"], "absent": True}], "negate": False}]
    assert 'class="yc-required yc-required-when" hidden' in html.split('data-field="name"')[1].split("</div>")[0]


DRAFT7: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "title": "dependencies",
    "properties": {
        "name": {"type": "string", "title": "姓名"},
        "credit_card": {"type": "string", "title": "信用卡号"},
        "has_agent": {"type": "boolean", "title": "是否委托代理人", "enum": [False, True]},
    },
    "dependencies": {
        "credit_card": ["billing_address"],
        "has_agent": {
            "oneOf": [
                {"properties": {"has_agent": {"const": False}}},
                {"properties": {"has_agent": {"const": True}, "agent": {"type": "string", "title": "代理人"}}},
            ]
        },
    },
}


def test_draft07_dependencies_read_as_dependent_required() -> None:
    schema = {
        **DRAFT7,
        "properties": {**DRAFT7["properties"], "billing_address": {"type": "string", "title": "账单地址"}},
    }
    schema["dependencies"] = {"credit_card": ["billing_address"]}
    form = compile_form(schema)
    assert form.validate({"credit_card": "6222"}) == {"billing_address": ["填写了信用卡号时，请填写账单地址"]}
    assert form.root.by_name["billing_address"].required_when == ("credit_card",)


def test_draft07_schema_dependencies_show_fields() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {"agent_kind": {"enum": ["person", "company"], "title": "代理类型"}},
        "dependencies": {"agent_kind": {"properties": {"agent_name": {"type": "string", "title": "代理人"}}}},
    }
    form = compile_form(schema)
    assert form.root.by_name["agent_name"].condition is not None
    assert form.validate({"agent_kind": "person", "agent_name": 3}) == {"agent_name": ["代理人的填写内容类型不正确"]}


def test_dependencies_without_schema_uri_are_still_enforced() -> None:
    schema = {k: v for k, v in DRAFT7.items() if k != "$schema"}
    schema["properties"] = {**schema["properties"], "billing_address": {"type": "string", "title": "账单地址"}}
    schema["dependencies"] = {"credit_card": ["billing_address"]}
    assert compile_form(schema).validate({"credit_card": "1"}) == {
        "billing_address": ["填写了信用卡号时，请填写账单地址"]
    }


def test_a_draft07_schema_is_validated_as_draft07() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "definitions": {"age": {"type": "integer", "minimum": 18}},
        "properties": {"age": {"$ref": "#/definitions/age", "title": "年龄"}},
    }
    form = compile_form(schema)
    assert type(form.validator).__name__ == "Draft7Validator"
    assert form.validate({"age": 3}) == {"age": ["年龄不能小于18"]}


def test_draft04_boolean_exclusive_minimum() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "properties": {"n": {"type": "number", "title": "数量", "minimum": 0, "exclusiveMinimum": True}},
    }
    assert compile_form(schema).validate({"n": 0}) == {"n": ["数量必须大于0"]}


@pytest.mark.parametrize(
    ("schema", "keyword", "pointer", "words"),
    [
        (
            {"type": "object", "properties": {"t": {"type": "array", "items": [{"type": "string"}]}}},
            "items",
            "/properties/t/items",
            "tuple arrays",
        ),
        (
            {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "type": "object",
                "properties": {"t": {"type": "array", "items": [{"type": "string"}], "additionalItems": False}},
            },
            "items",
            "/properties/t/items",
            "tuple arrays",
        ),
        (
            {"type": "object", "properties": {"t": {"type": "array", "prefixItems": [{"type": "string"}]}}},
            "prefixItems",
            "/properties/t/prefixItems",
            "tuple arrays",
        ),
        (
            {"type": "object", "properties": {"m": {"type": "object", "additionalProperties": {"type": "string"}}}},
            "additionalProperties",
            "/properties/m/additionalProperties",
            "key-value table",
        ),
        (
            {
                "type": "object",
                "$defs": {"node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"}}}},
                "properties": {"n": {"$ref": "#/$defs/node"}},
            },
            "$ref",
            "/$defs/node/properties/child/$ref",
            "recursive",
        ),
    ],
    ids=["tuple-2020", "tuple-draft07", "prefixItems", "key-value", "recursive-ref"],
)
def test_refusals_are_one_clear_line(schema: dict[str, Any], keyword: str, pointer: str, words: str) -> None:
    with pytest.raises(FormSchemaError) as caught:
        compile_form(schema)
    problems = [p for p in caught.value.problems if p.keyword != "additionalItems"]
    assert [(p.keyword, p.pointer) for p in problems] == [(keyword, pointer)]
    assert words in problems[0].message and "{'type'" not in problems[0].message


APPLICANT: dict[str, Any] = {
    "type": "object",
    "title": "委托申请",
    "required": ["applicant"],
    "properties": {
        "applicant": {
            "type": "object",
            "title": "申请人",
            "properties": {"phone": {"type": "string", "title": "电话"}},
            "oneOf": [
                {
                    "title": "个人",
                    "properties": {
                        "kind": {"const": "person"},
                        "name": {"type": "string", "title": "姓名"},
                        "id_number": {"type": "string", "title": "身份证号"},
                    },
                    "required": ["kind", "name", "id_number"],
                },
                {
                    "title": "企业",
                    "properties": {
                        "kind": {"const": "company"},
                        "name": {"type": "string", "title": "名称"},
                        "credit_code": {"type": "string", "title": "信用代码"},
                    },
                    "required": ["kind", "name", "credit_code"],
                },
            ],
        }
    },
}
APPLICANT_FORM = compile_form(APPLICANT)


def test_a_choice_of_shapes_is_a_selector_then_the_shapes_fields() -> None:
    assert APPLICANT_FORM.field_paths == [
        "applicant.phone",
        "applicant.name",
        "applicant.id_number",
        "applicant.credit_code",
    ]
    html = APPLICANT_FORM.render()
    assert ">申请人类型 <" in html and ">个人</label>" in html and ">企业</label>" in html
    when = attribute(html, "applicant.credit_code", "data-when")
    assert when["all"][0] == {"name": "applicant.~shape", "tokens": ["2"], "absent": False}


def test_posted_data_validates_against_the_chosen_shape() -> None:
    result = APPLICANT_FORM.parse({"applicant.~shape": "1", "applicant.name": "张三", "applicant.credit_code": "X"})
    assert result.data == {"applicant": {"name": "张三", "kind": "person"}}  # the other shape's field is dropped
    assert result.errors == {"applicant.id_number": ["请填写身份证号"]}
    none = APPLICANT_FORM.parse({"applicant.phone": "1"})
    assert none.errors == {"applicant.~shape": ["请选择申请人类型"]}


@pytest.mark.parametrize(
    "data",
    [
        {"applicant": {"kind": "person", "name": "张三", "id_number": "1"}},
        {"applicant": {"kind": "company", "name": "某公司", "credit_code": "X1", "phone": "1"}},
    ],
)
def test_shapes_round_trip(data: dict[str, Any]) -> None:
    result = APPLICANT_FORM.parse(APPLICANT_FORM.encode(data))
    assert result.data == data and result.ok
    assert (
        "申请人 · 申请人类型",
        "个人" if data["applicant"]["kind"] == "person" else "企业",
    ) in APPLICANT_FORM.summary(data)


def test_a_base_choice_fixed_by_each_shape_is_the_selector() -> None:
    schema = {
        "type": "object",
        "properties": {"kind": {"title": "类型", "enum": ["a", "b"]}},
        "required": ["kind"],
        "oneOf": [
            {"properties": {"kind": {"const": "a"}, "x": {"type": "integer", "title": "X"}}, "required": ["x"]},
            {"properties": {"kind": {"const": "b"}, "y": {"type": "string", "title": "Y"}}},
        ],
    }
    form = compile_form(schema)
    assert form.field_paths == ["kind", "x", "y"]
    assert form.parse({"kind": "a", "y": "ignored"}).errors == {"x": ["请填写X"]}
    data = {"kind": "b", "y": "yes"}
    assert form.parse(form.encode(data)).data == data
