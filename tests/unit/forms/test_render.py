"""render: GOV.UK-style accessible HTML for the fields only."""

from __future__ import annotations

import re

from markupsafe import Markup

from forms import compile_form

from .helpers import APPLICATION

FORM = compile_form(APPLICATION)


def input_tag(html: str, ident: str) -> str:
    found = re.search(rf'<(input|select|textarea)[^>]*id="{ident}"[^>]*>', html)
    assert found, f"no input with id {ident}"
    return found.group(0)


def test_render_returns_markup_without_form_tag() -> None:
    html = FORM.render()
    assert isinstance(html, Markup)
    assert "<form" not in html and 'type="submit"' not in html and "csrf" not in html


def test_labels_are_bound_and_required_is_marked() -> None:
    html = FORM.render()
    assert '<label class="govuk-label" for="f-name">申请人姓名 <span class="yc-required"' in html
    assert "（必填）" in html
    assert 'name="name"' in input_tag(html, "f-name")
    assert 'for="f-address-city"' in html and 'name="address.city"' in input_tag(html, "f-address-city")


def test_hint_and_error_are_linked_with_aria_describedby() -> None:
    html = FORM.render({"name": "x"}, {"name": ["请填写申请人姓名"]})
    tag = input_tag(html, "f-name")
    assert 'aria-describedby="f-name-hint f-name-error"' in tag
    assert '<div id="f-name-hint" class="govuk-hint">与身份证一致</div>' in html
    assert 'id="f-name-error" class="govuk-error-message"' in html and "请填写申请人姓名" in html
    assert "govuk-form-group--error" in html and "govuk-input--error" in tag


def test_values_are_shown_and_escaped() -> None:
    html = FORM.render({"name": '<script>alert("x")</script>', "age": 30, "kind": "change", "agree": True})
    assert "<script>" not in html
    assert "&lt;script&gt;" in input_tag(html, "f-name")
    assert 'value="30"' in input_tag(html, "f-age")
    assert "checked" in input_tag(html, "f-kind-1") and "checked" not in input_tag(html, "f-kind")
    assert "checked" in input_tag(html, "f-agree")


def test_nested_objects_are_fieldsets_with_legends() -> None:
    html = FORM.render()
    assert '<fieldset class="govuk-fieldset" id="f-address">' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">经营场所</legend>' in html


def test_defaults_fill_a_first_display_only() -> None:
    assert 'value="福州市"' in input_tag(FORM.render(), "f-address-city")
    assert 'value="福州市"' not in input_tag(FORM.render({}, {}), "f-address-city")
    assert 'value="福州市"' in input_tag(FORM.render({}, {}, fill_defaults=True), "f-address-city")


def test_examples_become_placeholders_and_formats_pick_input_types() -> None:
    html = FORM.render()
    tag = input_tag(html, "f-mobile")
    assert 'placeholder="13800138000"' in tag and 'type="tel"' in tag
    assert 'inputmode="numeric"' in input_tag(html, "f-age")


def test_widgets() -> None:
    schema = {
        "type": "object",
        "properties": {
            "story": {"type": "string"},
            "secret": {"type": "string"},
            "token": {"type": "string"},
            "level": {"enum": ["a", "b", "c"]},
            "ok": {"type": "boolean"},
            "id": {"type": "string", "readOnly": True},
        },
    }
    ui = {
        "story": {"ui:widget": "textarea"},
        "secret": {"ui:widget": "password"},
        "token": {"ui:widget": "hidden"},
        "level": {"ui:widget": "select"},
        "ok": {"ui:widget": "radio"},
    }
    html = compile_form(schema, ui).render({"story": "a\nb", "secret": "s3", "token": "t", "level": "b", "id": "X1"})
    assert '<textarea class="govuk-textarea" rows="5" id="f-story" name="story">a\nb</textarea>' in html
    assert "s3" not in html and 'type="password"' in html
    assert '<input type="hidden" id="f-token" name="token" value="t">' in html
    assert '<option value="">请选择</option>' in html and '<option value="b" selected>b</option>' in html
    assert 'type="radio" value="true"' in html and ">是</label>" in html
    assert "readonly" in input_tag(html, "f-id")


def test_english_furniture() -> None:
    html = FORM.render(locale="en")
    assert "(required)" in html
    summary = FORM.render_error_summary({"name": ["Enter name"]}, locale="en")
    assert "There is a problem" in summary


def test_error_summary_links_in_form_order() -> None:
    errors = {"address.city": ["请填写城市"], "": ["表单有误"], "name": ["请填写申请人姓名"]}
    summary = FORM.render_error_summary(errors)
    assert summary.index("表单有误") < summary.index('href="#f-name"') < summary.index('href="#f-address-city"')
    assert 'role="alert"' in summary and "提交前请修改以下问题" in summary
    assert FORM.render_error_summary({}) == Markup("")
    assert FORM.render_error_summary(None) == Markup("")


def test_summary_for_check_your_answers() -> None:
    data = {"name": "张三", "kind": "new", "agree": True, "address": {"city": "福州市"}, "note": None, "age": 30}
    assert FORM.summary(data) == [
        ("申请人姓名", "张三"),
        ("年龄", "30"),
        ("申请类型", "设立"),
        ("我承诺所填信息真实", "是"),
        ("备注", "未填写"),
        ("经营场所 · 城市", "福州市"),
    ]
    assert FORM.summary(data, locale="en")[3] == ("我承诺所填信息真实", "Yes")
