"""react-jsonschema-form's widget names, enumNames and yes/no conventions read as our own."""

from __future__ import annotations

import re
from typing import Any

import pytest

from forms import FormSchemaError, UnrepresentableData, compile_form
from forms.compiler import RJSF_WIDGETS

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "floors": {"type": "integer", "title": "楼层数", "minimum": 1, "maximum": 30},
        "area": {"type": "number", "title": "面积", "minimum": 0, "maximum": 500, "multipleOf": 0.5},
        "colour": {"type": "string", "title": "标识颜色"},
        "opened": {"type": "string", "title": "开业日期", "format": "date"},
        "inspected": {"type": "string", "title": "检查时间", "format": "date-time"},
        "email": {"type": "string", "title": "邮箱", "format": "email"},
        "site": {"type": "string", "title": "网址"},
        "grade": {"type": "string", "title": "资质等级", "enum": ["A", "B"], "enumNames": ["甲级", "乙级"]},
        "scale": {"type": "string", "title": "规模", "enum": ["s", "m", "l"]},
        "smoking": {"type": "boolean", "title": "是否允许吸烟"},
        "parking": {"type": "boolean", "title": "提供停车位", "default": False},
    },
}
UI: dict[str, Any] = {
    "floors": {"ui:widget": "updown"},
    "area": {"ui:widget": "range"},
    "colour": {"ui:widget": "color"},
    "opened": {"ui:widget": "alt-date"},
    "inspected": {"ui:widget": "alt-datetime"},
    "email": {"ui:widget": "EmailWidget"},
    "site": {"ui:widget": "uri"},
    "grade": {"ui:widget": "RadioWidget"},
    "scale": {"ui:widget": "select", "ui:enumNames": ["小型", "中型", "大型"]},
}
FORM = compile_form(SCHEMA, UI)
DATA: dict[str, Any] = {
    "floors": 6,
    "area": 120.5,
    "colour": "#1d70b8",
    "opened": "2024-03-05",
    "inspected": "2024-03-15T09:30:00+08:00",
    "email": "a@example.com",
    "site": "https://www.gov.cn",
    "grade": "B",
    "scale": "m",
    "smoking": False,
    "parking": False,
}


def tag(html: str, ident: str) -> str:
    found = re.search(rf'<(input|select|textarea|output)[^>]*id="{ident}"[^>]*>', html)
    assert found, f"no element with id {ident}"
    return found.group(0)


def test_every_rjsf_standard_widget_name_is_known() -> None:
    for rjsf_name in [*RJSF_WIDGETS, "updown", "range", "alt-date", "alt-datetime", "textarea", "password"]:
        kind_schema = {"type": "integer"} if rjsf_name in ("updown", "range", "UpDownWidget", "RangeWidget") else {}
        if rjsf_name in ("CheckboxesWidget", "checkboxes"):
            kind_schema = {"type": "array", "items": {"enum": ["a", "b"]}, "uniqueItems": True}
        elif rjsf_name in ("CheckboxWidget", "checkbox"):
            kind_schema = {"type": "boolean"}
        elif rjsf_name in ("RadioWidget", "SelectWidget"):
            kind_schema = {"enum": ["a", "b"]}
        schema = {"type": "object", "properties": {"x": kind_schema or {"type": "string"}}}
        form = compile_form(schema, {"x": {"ui:widget": rjsf_name}})
        assert not [w for w in form.warnings if "unknown" in w.message], rjsf_name


def test_inputs_follow_the_widgets() -> None:
    html = FORM.render(DATA)
    floors = tag(html, "f-floors")
    assert 'type="number"' in floors and 'min="1"' in floors and 'max="30"' in floors and 'step="1"' in floors
    slider = tag(html, "f-area")
    assert 'type="range"' in slider and 'step="0.5"' in slider and 'value="120.5"' in slider
    assert '<output class="yc-range__value" for="f-area" aria-live="polite">120.5</output>' in html
    assert 'type="color"' in tag(html, "f-colour")
    assert 'type="email"' in tag(html, "f-email") and 'type="url"' in tag(html, "f-site")
    assert 'name="opened~year"' in tag(html, "f-opened") and 'value="2024"' in tag(html, "f-opened")
    assert 'value="03"' in tag(html, "f-opened-month") and 'value="05"' in tag(html, "f-opened-day")
    assert 'value="09"' in tag(html, "f-inspected-hour") and 'value="30"' in tag(html, "f-inspected-minute")
    assert ">甲级</label>" in html and ">乙级</label>" in html and ">中型</option>" in html


def test_everything_round_trips() -> None:
    posted = FORM.encode(DATA)
    assert posted.getlist("opened~month") == ["03"]
    result = FORM.parse(posted)
    assert result.data == DATA and result.ok, result.errors


def test_split_dates_are_joined_padded_and_checked() -> None:
    posted = {"opened~year": "2024", "opened~month": "3", "opened~day": "5"}
    posted |= {"inspected~year": "２０２４", "inspected~month": "2", "inspected~day": "30"}
    posted |= {"inspected~hour": "9", "inspected~minute": "5"}
    result = FORM.parse(posted)
    assert result.data["opened"] == "2024-03-05"
    assert result.data["inspected"] == "2024-2-30T9:5"  # kept as typed so the boxes show it again
    assert result.errors["inspected"] == ["检查时间必须是有效的日期和时间，例如 2024-03-15T09:30:00+08:00"]
    empty = FORM.parse({"opened~year": "", "opened~month": "", "opened~day": ""})
    assert "opened" not in empty.data


def test_a_split_date_cannot_post_seconds() -> None:
    with pytest.raises(UnrepresentableData):
        FORM.encode({"inspected": "2024-03-15T09:30:15+08:00"})


def test_enum_names_label_options_and_summary() -> None:
    assert dict(FORM.summary(DATA))["资质等级"] == "乙级"
    assert not [w for w in FORM.warnings if w.keyword == "enumNames"]


def test_an_optional_yes_no_can_be_answered_no() -> None:
    html = FORM.render({})
    assert 'type="radio" value=""' in tag(html, "f-smoking-2") and "checked" in tag(html, "f-smoking-2")
    assert ">未填</label>" in html
    assert FORM.parse({"smoking": "false"}).data == {"smoking": False, "parking": False}
    assert "smoking" not in FORM.parse({"smoking": ""}).data


def test_a_box_whose_schema_defaults_to_false_posts_false_unticked() -> None:
    assert 'type="checkbox"' in tag(FORM.render({}), "f-parking")
    assert FORM.parse({}).data == {"parking": False}
    assert FORM.parse({"parking": "true"}).data == {"parking": True}
    with pytest.raises(UnrepresentableData):
        FORM.encode({})  # an unticked box says false, so "not given" cannot be posted


def test_a_slider_needs_both_ends() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer", "minimum": 0}}}
    form = compile_form(schema, {"n": {"ui:widget": "range"}})
    assert form.root.by_name["n"].widget == "updown"
    assert [w.keyword for w in form.warnings] == ["ui:widget"]


def test_a_widget_that_does_not_fit_uses_the_right_article() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
    with pytest.raises(FormSchemaError) as caught:
        compile_form(schema, {"n": {"ui:widget": "textarea"}})
    assert "cannot show an integer field" in caught.value.problems[0].message
