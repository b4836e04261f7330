"""Arrays: checkboxes for enum items, repeatable rows with add/remove that work without JavaScript."""

from __future__ import annotations

from forms import compile_form

from .helpers import post

SCHEMA = {
    "type": "object",
    "properties": {
        "scopes": {
            "type": "array",
            "title": "经营范围",
            "items": {"enum": ["food", "drink", "retail"]},
            "minItems": 1,
            "uniqueItems": True,
        },
        "members": {
            "type": "array",
            "title": "家庭成员",
            "maxItems": 3,
            "items": {
                "type": "object",
                "title": "成员",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "title": "姓名"},
                    "age": {"type": "integer", "title": "年龄"},
                    "phones": {"type": "array", "title": "电话", "items": {"type": "string", "title": "电话"}},
                },
            },
        },
        "tags": {"type": "array", "title": "标签", "items": {"type": "string"}},
    },
}
FORM = compile_form(SCHEMA)


def test_field_paths_use_a_star_for_rows() -> None:
    assert FORM.field_paths == ["scopes", "members.*.name", "members.*.age", "members.*.phones.*", "tags.*"]


def test_enum_items_render_as_checkboxes_and_parse_as_a_list() -> None:
    html = FORM.render({"scopes": ["drink"]})
    assert 'type="checkbox" value="drink" checked' in html
    assert FORM.parse(post(scopes=["food", "retail"])).data == {"scopes": ["food", "retail"]}


def test_min_and_unique_items_messages() -> None:
    assert FORM.parse(post(scopes=["food", "food"])).errors == {"scopes": ["经营范围中有重复的项"]}
    schema = {"type": "object", "required": ["s"], "properties": {"s": SCHEMA["properties"]["scopes"]}}
    assert compile_form(schema).parse({}).errors == {"s": ["请选择经营范围"]}
    assert FORM.parse(post(scopes="bogus")).errors == {"scopes": ["请从列表中选择经营范围"]}


def test_rows_are_parsed_and_empty_rows_dropped() -> None:
    posted = post(
        members___count="3",
        members__0__name="张三",
        members__0__age="30",
        members__1__name="",
        members__2__name="李四",
        members__2__phones___count="2",
        members__2__phones__0="13800138000",
        members__2__phones__1=" ",
    )
    result = FORM.parse(posted)
    assert result.ok, result.errors
    assert result.data == {"members": [{"name": "张三", "age": 30}, {"name": "李四", "phones": ["13800138000"]}]}


def test_errors_in_rows_follow_the_rows_that_are_kept() -> None:
    posted = post(members___count="2", members__0__name="", members__1__age="x")
    result = FORM.parse(posted)
    assert result.errors == {"members.0.name": ["请填写姓名"], "members.0.age": ["年龄必须是整数"]}
    assert list(result.errors) == ["members.0.name", "members.0.age"]  # in form order


def test_too_many_rows_and_max_items() -> None:
    posted = post(members___count="4", **{f"members__{i}__name": f"n{i}" for i in range(4)})
    assert FORM.parse(posted).errors == {"members": ["家庭成员最多只能有3项"]}
    assert FORM.parse(post(tags___count="99999999")).errors == {"tags": ["标签提交的项数过多"]}


def test_add_button_is_a_server_round_trip() -> None:
    result = FORM.parse(post(members___count="1", members__0__name="张三", _add="members"))
    assert result.rerender and not result.ok and result.errors == {}
    assert result.data == {"members": [{"name": "张三"}, {}]}
    html = FORM.render(result.data, result.errors)
    assert 'name="members._count" value="2"' in html and 'id="f-members-1-name"' in html


def test_add_twice_keeps_the_empty_rows() -> None:
    first = FORM.parse(post(_add="members"))
    second = FORM.parse(post(members___count="1", _add="members"))
    assert first.data == {"members": [{}]}
    assert second.data == {"members": [{}, {}]}


def test_add_stops_at_max_items_and_nested_add_works() -> None:
    full = post(members___count="3", **{f"members__{i}__name": f"n{i}" for i in range(3)}, _add="members")
    assert len(FORM.parse(full).data["members"]) == 3
    assert 'value="members"' not in FORM.render(FORM.parse(full).data, {})
    nested = FORM.parse(post(members___count="1", members__0__name="张三", _add="members.0.phones"))
    assert nested.data == {"members": [{"name": "张三", "phones": [None]}]}


def test_remove_button() -> None:
    posted = post(members___count="2", members__0__name="张三", members__1__name="李四", _remove="members.0")
    result = FORM.parse(posted)
    assert result.rerender and result.data == {"members": [{"name": "李四"}]}


def test_bad_button_values_are_harmless() -> None:
    for target in ("nope", "members.99", "members.x", "scopes", "", "members.0.name"):
        assert FORM.parse(post(_remove=target)).rerender
        assert FORM.parse(post(_add=target)).rerender


def test_rows_render_with_remove_buttons_and_min_items_padding() -> None:
    schema = {
        "type": "object",
        "properties": {"m": {"type": "array", "minItems": 2, "items": {"type": "string", "title": "名称"}}},
    }
    html = compile_form(schema).render()
    assert html.count('name="_remove"') == 2 and 'value="m.1"' in html
    assert "名称（第2项）" in html and '<button type="submit"' in html and "formnovalidate" in html


def test_round_trip_with_rows() -> None:
    data = {"scopes": ["food"], "members": [{"name": "张三", "phones": ["1", "2"]}], "tags": ["x"]}
    assert FORM.parse(FORM.encode(data)).data == data
    assert FORM.summary(data) == [
        ("经营范围", "food"),
        ("成员（第1项） · 姓名", "张三"),
        ("成员（第1项） · 电话（第1项）", "1"),
        ("成员（第1项） · 电话（第2项）", "2"),
        ("标签（第1项）", "x"),
    ]
