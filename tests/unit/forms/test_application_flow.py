"""A realistic bundle form from tests/data/forms, through first display, errors, fix and summary."""

from __future__ import annotations

import json
from pathlib import Path

from forms import compile_form

DATA = Path(__file__).resolve().parents[2] / "data" / "forms"
SCHEMA = json.loads((DATA / "restaurant.schema.json").read_text(encoding="utf-8"))
UI = json.loads((DATA / "restaurant.ui.json").read_text(encoding="utf-8"))
GOOD = json.loads((DATA / "restaurant.data.json").read_text(encoding="utf-8"))
FORM = compile_form(SCHEMA, UI)


def test_first_display_uses_order_and_defaults() -> None:
    assert FORM.field_paths[:5] == ["kind", "applicant.name", "applicant.id_number", "applicant.mobile", "credit_code"]
    html = FORM.render()
    assert 'value="individual" checked' in html
    assert "与营业执照上的名称一致" in html


def test_post_with_mistakes_then_fixed() -> None:
    posted = FORM.encode(GOOD)
    posted["applicant.id_number"] = "110105194912310021"
    posted.setlist("shop.scopes", [])  # nothing ticked: the optional list is simply not given
    posted["staff.0.health_cert"] = ""
    result = FORM.parse(posted)
    assert result.errors == {
        "applicant.id_number": ["身份证号码校验位不正确"],
        "staff.0.health_cert": ["请填写健康证编号"],
    }
    assert "scopes" not in result.data["shop"]
    html = FORM.render(result.data, result.errors)
    assert 'value="110105194912310021"' in html
    summary = FORM.render_error_summary(result.errors)
    assert 'href="#f-applicant-id_number"' in summary
    fixed = FORM.parse(FORM.encode(GOOD))
    assert fixed.ok and fixed.data == GOOD


def test_summary_reads_like_an_answer_sheet() -> None:
    rows = dict(FORM.summary(GOOD))
    assert rows["经营者类型"] == "企业"
    assert rows["店铺信息 · 经营项目"] == "热食类、饮品"
    assert rows["从业人员（第1项） · 健康证编号"] == "JK2024-001"
    assert rows["本人承诺所填信息真实有效"] == "是"
