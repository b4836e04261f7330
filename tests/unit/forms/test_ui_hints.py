"""The ui document (rjsf uiSchema style): widgets, sections, columns and widths."""

from __future__ import annotations

import re
from typing import Any

import pytest

from forms import FormSchemaError, Unsupported, compile_form
from forms.assets import FORMS_CSS

from .helpers import APPLICATION, FULL_APPLICATION

FILE = {"file_id": "f1", "name": "营业执照.pdf", "size": 2048, "media_type": "application/pdf"}
WIDGET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "story": {"type": "string", "title": "情况说明"},
        "secret": {"type": "string", "title": "查询密码"},
        "token": {"type": "string"},
        "count": {"type": "integer"},
        "flag_radio": {"type": "boolean", "title": "是否代办"},
        "flag_select": {"type": "boolean", "title": "是否加急"},
        "flag_hidden": {"type": "boolean"},
        "kind_radio": {"enum": ["new", "change"]},
        "kind_select": {"enum": ["new", "change"]},
        "kind_hidden": {"enum": ["new", "change"]},
        "scope": {"type": "array", "items": {"enum": ["餐饮", "零售", "住宿"]}, "uniqueItems": True},
        "scope_select": {"type": "array", "items": {"enum": ["餐饮", "零售", "住宿"]}},
        "scope_hidden": {"type": "array", "items": {"enum": ["餐饮", "零售", "住宿"]}},
        "licence": {"type": "string", "title": "营业执照"},
    },
}
WIDGET_UI: dict[str, Any] = {
    "story": {"ui:widget": "textarea"},
    "secret": {"ui:widget": "password"},
    "token": {"ui:widget": "hidden"},
    "count": {"ui:widget": "hidden"},
    "flag_radio": {"ui:widget": "radio"},
    "flag_select": {"ui:widget": "select"},
    "flag_hidden": {"ui:widget": "hidden"},
    "kind_radio": {"ui:widget": "radio"},
    "kind_select": {"ui:widget": "select"},
    "kind_hidden": {"ui:widget": "hidden"},
    "scope": {"ui:widget": "checkboxes"},
    "scope_select": {"ui:widget": "select"},
    "scope_hidden": {"ui:widget": "hidden"},
    "licence": {"ui:widget": "upload", "ui:accept": "application/pdf", "ui:maxBytes": 1048576},
}
WIDGET_DATA: dict[str, Any] = {
    "story": "第一行\n第二行",
    "secret": " s3cret ",
    "token": "T-1",
    "count": 3,
    "flag_radio": False,
    "flag_select": True,
    "flag_hidden": False,
    "kind_radio": "change",
    "kind_select": "new",
    "kind_hidden": "change",
    "scope": ["餐饮", "住宿"],
    "scope_select": ["零售"],
    "scope_hidden": ["餐饮", "零售"],
    "licence": FILE,
}
WIDGET_FORM = compile_form(WIDGET_SCHEMA, WIDGET_UI)

SECTIONED_UI: dict[str, Any] = {
    "ui:order": ["note", "*"],
    "ui:columns": 2,
    "ui:sections": [
        {"title": "申请人", "fields": ["id_number", "name", "mobile"], "help": "请与身份证件保持一致"},
        {"title": "经营场所", "fields": ["address", "capital"]},
    ],
    "note": {"ui:width": "full", "ui:widget": "textarea"},
}
SECTIONED = compile_form(APPLICATION, SECTIONED_UI)


def problems(schema: Any, ui: Any) -> list[Unsupported]:
    with pytest.raises(FormSchemaError) as caught:
        compile_form(schema, ui)
    return caught.value.problems


def tag(html: str, ident: str) -> str:
    found = re.search(rf'<(input|select|textarea)[^>]*id="{ident}"[^>]*>', html)
    assert found, f"no input with id {ident}"
    return found.group(0)


# widgets ---------------------------------------------------------------------------------------------------


def test_every_listed_widget_renders_its_input() -> None:
    html = WIDGET_FORM.render(WIDGET_DATA)
    assert '<textarea class="govuk-textarea" rows="5" id="f-story" name="story">第一行\n第二行</textarea>' in html
    assert 'type="password"' in tag(html, "f-secret") and "s3cret" not in html
    assert '<input type="hidden" id="f-token" name="token" value="T-1">' in html
    assert '<input type="hidden" id="f-count" name="count" value="3">' in html
    assert 'type="radio" value="false" checked' in tag(html, "f-flag_radio-1")
    assert '<option value="true" selected>是</option>' in html
    assert '<input type="hidden" id="f-flag_hidden" name="flag_hidden" value="false">' in html
    assert 'type="radio" value="change" checked' in tag(html, "f-kind_radio-1")
    assert '<select class="govuk-select" id="f-kind_select" name="kind_select">' in html
    assert '<input type="hidden" id="f-kind_hidden" name="kind_hidden" value="change">' in html
    assert 'type="checkbox" value="住宿" checked' in tag(html, "f-scope-2")
    assert "multiple" in tag(html, "f-scope_select")
    assert '<input type="hidden" id="f-scope_hidden" name="scope_hidden" value="餐饮">' in html
    assert '<input type="hidden" name="scope_hidden" value="零售">' in html
    licence = tag(html, "f-licence")
    assert 'type="file"' in licence and 'accept="application/pdf"' in licence
    assert "营业执照.pdf" in html


def test_every_listed_widget_round_trips() -> None:
    assert WIDGET_FORM.parse(WIDGET_FORM.encode(WIDGET_DATA)).data == WIDGET_DATA


def test_upload_widget_makes_a_file_field_with_its_limits() -> None:
    licence = WIDGET_FORM.root.by_name["licence"]
    assert (licence.kind, licence.accept, licence.max_bytes) == ("file", ("application/pdf",), 1048576)


def test_summary_does_not_show_a_password() -> None:
    rows = dict(WIDGET_FORM.summary(WIDGET_DATA))
    assert rows["查询密码"] == "已填写（不显示）"
    assert dict(WIDGET_FORM.summary(WIDGET_DATA, locale="en"))["查询密码"] == "Given (not shown)"


@pytest.mark.parametrize(
    ("field", "widget"),
    [("story", "checkboxes"), ("count", "textarea"), ("flag_radio", "upload"), ("scope", "radio"), ("story", "range")],
)
def test_a_widget_that_does_not_fit_names_the_ones_that_do(field: str, widget: str) -> None:
    found = problems(WIDGET_SCHEMA, {**WIDGET_UI, field: {"ui:widget": widget}})
    assert [(p.keyword, p.pointer) for p in found] == [("ui:widget", f"/properties/{field}")]
    assert "widgets that can:" in found[0].message
    assert " a integer" not in found[0].message


def test_an_unknown_widget_is_a_warning_and_the_field_keeps_its_default_widget() -> None:
    form = compile_form(WIDGET_SCHEMA, {**WIDGET_UI, "story": {"ui:widget": "MyFancyWidget"}})
    assert [(w.keyword, w.pointer) for w in form.warnings] == [("ui:widget", "/story/ui:widget")]
    assert form.root.by_name["story"].widget == ""


def test_a_widget_that_is_not_a_name_is_refused_at_its_ui_pointer() -> None:
    found = problems(WIDGET_SCHEMA, {"story": {"ui:widget": ["textarea"]}})
    assert [(p.keyword, p.pointer) for p in found] == [("ui:widget", "/story/ui:widget")]


def test_unknown_ui_hints_are_warnings_and_ui_description_is_the_hint() -> None:
    ui = {"ui:colums": 2, "name": {"ui:description": "与身份证一致", "ui:options": {"rows": 3}, "ui:columns": 2}}
    form = compile_form(APPLICATION, ui)
    assert [(w.keyword, w.pointer) for w in form.warnings] == [
        ("ui:colums", "/ui:colums"),
        ("ui:options", "/name/ui:options"),
        ("ui:columns", "/name/ui:columns"),
    ]
    assert form.root.by_name["name"].help == "与身份证一致"


# sections --------------------------------------------------------------------------------------------------


def test_sections_are_headed_in_order_and_unlisted_fields_follow_in_ui_order() -> None:
    html = SECTIONED.render()
    headings = re.findall(r"<h(\d)[^>]*>([^<]*)</h\d>", html)
    assert headings == [("2", "申请人"), ("2", "经营场所")]
    assert html.startswith('<section class="yc-section" aria-labelledby="yc-section-0" aria-describedby=')
    first, second = html.split("</section>")[:2]
    assert re.findall(r'name="([^"]+)"', first) == ["id_number", "name", "mobile"]
    assert "请与身份证件保持一致" in first and 'id="yc-section-0-hint"' in first
    assert re.findall(r'name="([^"]+)"', second) == ["address.city", "address.postcode", "capital"]
    assert SECTIONED.field_paths == [
        "id_number", "name", "mobile", "address.city", "address.postcode", "capital",
        "note", "age", "kind", "agree",
    ]  # fmt: skip
    rest = html.split("</section>")[-1]
    assert rest.index('name="note"') < rest.index('name="age"') < rest.index('name="agree"')


def test_sections_keep_labels_ids_and_names() -> None:
    plain = compile_form(APPLICATION).render()
    sectioned = SECTIONED.render()
    for ident in ("f-name", "f-id_number", "f-mobile", "f-capital", "f-address-city"):
        assert tag(sectioned, ident) == tag(plain, ident)
        assert f'for="{ident}"' in sectioned


def test_error_summary_follows_the_sectioned_order() -> None:
    summary = SECTIONED.render_error_summary({"name": ["x"], "id_number": ["y"], "age": ["z"]})
    assert summary.index("#f-id_number") < summary.index("#f-name") < summary.index("#f-age")


def test_sections_of_a_nested_object_sit_one_heading_level_down_inside_a_section() -> None:
    ui = {
        "ui:sections": [{"title": "经营场所", "fields": ["address"]}],
        "address": {"ui:sections": [{"title": "邮寄地址", "fields": ["postcode"]}]},
    }
    html = compile_form(APPLICATION, ui).render()
    assert re.findall(r"<h(\d)[^>]*>([^<]*)</h\d>", html) == [("2", "经营场所"), ("3", "邮寄地址")]
    assert 'id="yc-section-address-0"' in html
    assert html.index("邮寄地址") < html.index('name="address.postcode"') < html.index('name="address.city"')


def test_sections_in_array_rows() -> None:
    schema = {
        "type": "object",
        "properties": {
            "members": {
                "type": "array",
                "items": {"type": "object", "properties": {"n": {"type": "string"}, "r": {"type": "string"}}},
            }
        },
    }
    ui = {"members": {"items": {"ui:sections": [{"title": "成员", "fields": ["r"]}]}}}
    form = compile_form(schema, ui)
    html = form.render({"members": [{"n": "a"}, {"n": "b"}]})
    assert 'id="yc-section-members-0-0"' in html and 'id="yc-section-members-1-0"' in html
    data = {"members": [{"n": "a", "r": "x"}, {"r": "y"}]}
    assert form.parse(form.encode(data)).data == data


@pytest.mark.parametrize(
    ("sections", "pointer"),
    [
        ([{"title": "申请人", "fields": ["name"]}, {"title": "场所", "fields": ["adress"]}], "/ui:sections/1/fields/0"),
        ([{"title": "申请人", "fields": ["name", 3]}], "/ui:sections/0/fields/1"),
        ([{"title": "甲", "fields": ["name"]}, {"title": "乙", "fields": ["age", "name"]}], "/ui:sections/1/fields/1"),
        ([{"fields": ["name"]}], "/ui:sections/0/title"),
        ([{"title": " ", "fields": ["name"]}], "/ui:sections/0/title"),
        ([{"title": "申请人", "fields": []}], "/ui:sections/0/fields"),
        ([{"title": "申请人", "fields": ["name"], "help": 1}], "/ui:sections/0/help"),
        (["name"], "/ui:sections/0"),
        ({"申请人": ["name"]}, "/ui:sections"),
    ],
)
def test_bad_sections_are_refused_at_their_ui_pointer(sections: Any, pointer: str) -> None:
    found = problems(APPLICATION, {"ui:sections": sections})
    assert [(p.keyword, p.pointer) for p in found] == [("ui:sections", pointer)]


def test_a_nested_section_naming_an_unknown_field_is_refused_with_schema_problems() -> None:
    schema = {**APPLICATION, "properties": {**APPLICATION["properties"], "bad": {"minimum": 1}}}
    ui = {"address": {"ui:sections": [{"title": "地址", "fields": ["street"]}]}}
    found = problems(schema, ui)
    assert [(p.keyword, p.pointer) for p in found] == [
        ("ui:sections", "/address/ui:sections/0/fields/0"),
        ("type", "/properties/bad"),
    ]
    assert "unknown field 'street'" in found[0].message


def test_a_section_may_name_a_conditional_field() -> None:
    schema = {
        "type": "object",
        "properties": {"agent": {"type": "boolean"}},
        "if": {"properties": {"agent": {"const": True}}, "required": ["agent"]},
        "then": {"properties": {"agent_name": {"type": "string"}}},
    }
    form = compile_form(schema, {"ui:sections": [{"title": "代办人", "fields": ["agent_name"]}]})
    assert form.field_paths == ["agent_name", "agent"]
    assert "data-when" in form.render().split("</section>")[0]


# columns and widths ----------------------------------------------------------------------------------------


def test_columns_wrap_each_section_and_the_rest_in_a_grid() -> None:
    html = SECTIONED.render()
    assert html.count('<div class="yc-columns yc-columns-2">') == 3
    note_group = re.search(r'<div class="([^"]*)" data-field="note">', html)
    assert note_group and note_group.group(1) == "govuk-form-group yc-span-full"


def test_columns_on_a_nested_object_and_no_grid_by_default() -> None:
    html = compile_form(APPLICATION, {"address": {"ui:columns": 3}}).render()
    assert html.count("yc-columns") == 2 and '<div class="yc-columns yc-columns-3">' in html
    assert html.index("yc-columns-3") > html.index('id="f-address"')
    assert "yc-columns" not in compile_form(APPLICATION, {"ui:columns": 1}).render()
    assert "yc-columns" not in compile_form(APPLICATION).render()


def test_full_width_keeps_the_error_class() -> None:
    html = SECTIONED.render({}, {"note": ["太长"]})
    assert 'class="govuk-form-group yc-span-full govuk-form-group--error" data-field="note"' in html


@pytest.mark.parametrize("columns", [0, "two", 7, True, 2.5, None, [2]])
def test_invalid_columns_are_refused_at_their_ui_pointer(columns: Any) -> None:
    assert [(p.keyword, p.pointer) for p in problems(APPLICATION, {"ui:columns": columns})] == [
        ("ui:columns", "/ui:columns")
    ]
    nested = problems(APPLICATION, {"address": {"ui:columns": columns}})
    assert [(p.keyword, p.pointer) for p in nested] == [("ui:columns", "/address/ui:columns")]


@pytest.mark.parametrize("width", ["half", 2, True, ""])
def test_invalid_widths_are_refused_at_their_ui_pointer(width: Any) -> None:
    found = problems(APPLICATION, {"address": {"city": {"ui:width": width}}})
    assert [(p.keyword, p.pointer) for p in found] == [("ui:width", "/address/city/ui:width")]


def test_the_stylesheet_has_the_layout_classes() -> None:
    css = FORMS_CSS.read_text(encoding="utf-8")
    for selector in (".yc-section", ".yc-columns", ".yc-columns-2", ".yc-columns-3", ".yc-span-full", "@media"):
        assert selector in css


# data shape ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        FULL_APPLICATION,
        {"agree": False, "address": {"city": "厦门市"}},
    ],
)
def test_sections_and_columns_do_not_change_the_data(data: dict[str, Any]) -> None:
    plain = compile_form(APPLICATION)
    assert SECTIONED.parse(SECTIONED.encode(data)).data == data
    assert sorted(SECTIONED.encode(data).items(multi=True)) == sorted(plain.encode(data).items(multi=True))
    assert SECTIONED.validate(data) == plain.validate(data)
