"""parse: strings to typed JSON, validation, and plain translated messages."""

from __future__ import annotations

from typing import Any

import pytest

from forms import compile_form

from .helpers import APPLICATION, VALID_ID, post

FORM = compile_form(APPLICATION)
GOOD = {"name": ["张三"], "id_number": [VALID_ID], "kind": ["new"], "agree": ["true"], "address.city": ["福州市"]}


def parse(**overrides: Any):
    fields = {**GOOD, **{key.replace("__", "."): value for key, value in overrides.items()}}
    return FORM.parse({key: value for key, value in fields.items() if value is not None})


def test_good_post_becomes_typed_json() -> None:
    result = parse(age=["35"], capital=["12.5"], mobile=["13800138000"], address__postcode=["350001"])
    assert result.ok and result.errors == {}
    assert result.data == {
        "name": "张三",
        "id_number": VALID_ID,
        "mobile": "13800138000",
        "age": 35,
        "capital": 12.5,
        "kind": "new",
        "agree": True,
        "address": {"city": "福州市", "postcode": "350001"},
    }


def test_empty_optional_fields_are_dropped() -> None:
    result = parse(age=[""], mobile=["  "], note=[""], address__postcode=[""])
    assert result.ok
    assert set(result.data) == {"name", "id_number", "kind", "agree", "address"}


def test_required_messages_name_the_field_in_chinese() -> None:
    result = FORM.parse({})
    assert result.errors == {
        "name": ["请填写申请人姓名"],
        "id_number": ["请填写身份证号码"],
        "kind": ["请选择申请类型"],
        "agree": ["请勾选我承诺所填信息真实"],
    }  # the address group is optional: left empty, its required city is not asked for
    assert not result.ok
    assert FORM.parse({"address.postcode": ["350001"]}).errors["address.city"] == ["请填写城市"]


def test_english_messages() -> None:
    result = FORM.parse({}, locale="en")
    assert result.errors["name"] == ["Enter 申请人姓名"]
    assert result.errors["kind"] == ["Select 申请类型"]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("id_number", "110105194912310021", "身份证号码校验位不正确"),
        ("id_number", "12345", "身份证号码应为18位"),
        ("mobile", "12345678901", "手机号码必须是11位手机号码，例如 13800138000"),
        ("age", "abc", "年龄必须是整数"),
        ("age", "17", "年龄不能小于18"),
        ("age", "121", "年龄不能大于120"),
        ("age", "18.5", "年龄必须是整数"),
        ("capital", "0", "注册资金（万元）必须大于0"),
        ("capital", "1.2", "注册资金（万元）必须是0.5的倍数"),
        ("capital", "1e999", "注册资金（万元）必须是数字"),
        ("name", "张" * 21, "申请人姓名不能超过20个字"),
        ("kind", "hack", "请从列表中选择申请类型"),
        ("address.postcode", "35000", "邮政编码必须是6位数字的邮政编码"),
    ],
)
def test_field_errors_are_plain_sentences(field: str, value: str, expected: str) -> None:
    result = parse(**{field.replace(".", "__"): [value]})
    assert result.errors == {field: [expected]}


def test_user_input_is_kept_when_it_cannot_be_converted() -> None:
    result = parse(age=["三十"])
    assert result.data["age"] == "三十"
    assert 'value="三十"' in FORM.render(result.data, result.errors)


def test_full_width_digits_and_lowercase_x_are_accepted() -> None:
    result = parse(age=["３５"], id_number=["11010519491231002x"])
    assert result.ok and result.data["age"] == 35 and result.data["id_number"] == VALID_ID


def test_unticked_required_box_is_false_and_fails_const() -> None:
    result = parse(agree=None)
    assert result.data["agree"] is False
    assert result.errors == {"agree": ["请勾选我承诺所填信息真实"]}


def test_huge_strings_do_not_break_anything() -> None:
    result = parse(name=["x" * 1_000_000], age=["9" * 200_000])
    assert result.errors["name"] == ["申请人姓名内容过长"]
    assert result.errors["age"] == ["年龄内容过长"]


def test_wrong_shapes_posted() -> None:
    result = FORM.parse(post(name=["a", "b"], kind="", unknown="x"))
    assert result.data == {"name": "a", "agree": False}
    result = FORM.parse({"name": "张三", "age": 35, "id_number": VALID_ID, "kind": "new", "agree": "on"})
    assert result.data["age"] == 35 and result.data["agree"] is True
    result = FORM.parse({**GOOD, "agree": ["maybe"]})
    assert result.errors["agree"] == ["我承诺所填信息真实只能选择“是”或“否”"]


def test_number_text_too_long_for_int_is_a_type_error() -> None:
    result = parse(age=["1" * 5000])
    assert result.errors["age"] == ["年龄必须是整数"]


def test_nullable_required_field_empty_becomes_null() -> None:
    schema = {"type": "object", "required": ["n"], "properties": {"n": {"type": ["string", "null"]}}}
    assert compile_form(schema).parse({"n": [""]}).data == {"n": None}


def test_null_and_const_and_enum_fields() -> None:
    schema = {
        "type": "object",
        "properties": {
            "nothing": {"type": "null"},
            "fixed": {"const": 3},
            "level": {"enum": [1, 2, "三", None]},
            "flag": {"type": "boolean", "ui:": 1},
        },
    }
    form = compile_form(schema, {"flag": {"ui:widget": "radio"}})
    assert form.parse({"nothing": [""], "fixed": ["3"], "level": ['"三"'], "flag": ["false"]}).data == {
        "nothing": None,
        "fixed": 3,
        "level": "三",
        "flag": False,
    }
    assert form.parse({"level": ["null"]}).data == {"level": None}
    assert form.parse({"flag": [""]}).data == {}


def test_validate_json_from_the_api() -> None:
    data = {"name": "张三", "id_number": "110105194912310021", "kind": "new", "agree": True, "address": {}}
    assert FORM.validate(data) == {"id_number": ["身份证号码校验位不正确"], "address.city": ["请填写城市"]}
    assert FORM.validate({**data, "age": "x"})["age"] == ["年龄必须是整数"]
    assert FORM.validate([]) == {"": ["表单的填写内容类型不正确"]}  # type: ignore[arg-type]


def test_errors_not_tied_to_a_field_go_under_empty_key() -> None:
    schema = {"type": "object", "additionalProperties": False, "properties": {"a": {"type": "string"}}}
    assert compile_form(schema).validate({"a": "x", "b": 1}) == {"": ["表单包含无法识别的字段：b"]}


def test_dependent_required_message() -> None:
    schema = {
        "type": "object",
        "properties": {
            "agent": {"type": "string", "title": "代理人"},
            "letter": {"type": "string", "title": "委托书编号"},
        },
        "dependentRequired": {"agent": ["letter"]},
    }
    assert compile_form(schema).parse({"agent": ["李四"]}).errors == {"letter": ["填写了代理人时，请填写委托书编号"]}


def test_pattern_and_min_length() -> None:
    schema = {
        "type": "object",
        "properties": {"code": {"type": "string", "title": "编码", "pattern": "^[A-Z]{2}$", "minLength": 2}},
    }
    form = compile_form(schema)
    assert sorted(form.parse({"code": ["a"]}).errors["code"]) == ["编码的格式不正确", "编码至少需要2个字"]


def test_date_time_inputs_are_completed_with_china_time() -> None:
    schema = {"type": "object", "properties": {"at": {"type": "string", "format": "date-time", "title": "时间"}}}
    form = compile_form(schema)
    assert form.parse({"at": ["2024-03-15T09:30"]}).data == {"at": "2024-03-15T09:30:00+08:00"}
    assert form.parse({"at": ["2024-13-15T09:30"]}).errors == {
        "at": ["时间必须是有效的日期和时间，例如 2024-03-15T09:30:00+08:00"]
    }


def test_programmer_shaped_posts_do_not_crash() -> None:
    result = FORM.parse({1: ["x"], "name": None, "age": [None], "kind": [b"new"], "agree": [True]})  # type: ignore[dict-item]
    assert result.data == {"kind": "new", "agree": True}
