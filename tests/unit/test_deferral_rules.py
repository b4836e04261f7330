"""The 容缺受理 rules as plain Python: what a guide lets the window defer, the promised date, overdue."""

from __future__ import annotations

from datetime import date

from app.domain.deferrals import (
    DeferralState,
    days_overdue,
    deferrable_materials,
    deferral_problems,
    is_overdue,
    parse_promise,
    state_of,
)

GUIDE = {
    "materials": [
        {"name": "申请表", "required": True},
        {"name": "住所使用相关文件", "need": "deferrable", "required": True},
        {"name": "委托书", "need": "conditional", "condition": "委托他人办理的"},
        "not a material",
    ]
}
TODAY = date(2026, 12, 2)


def test_only_materials_the_guide_marks_deferrable_can_be_deferred():
    assert deferrable_materials(GUIDE) == ["住所使用相关文件"]
    assert deferrable_materials({}) == deferrable_materials(None) == []
    assert deferral_problems(GUIDE, ["住所使用相关文件"], date(2026, 12, 9), TODAY) == {}
    problems = deferral_problems(GUIDE, ["申请表", "委托书", "身份证"], date(2026, 12, 9), TODAY)
    assert problems["deferred_materials"] == [
        "“申请表”不是容缺材料：办事指南未将其列为可容缺（受理后补交）的材料，缺少时请一次性告知补正",
        "“委托书”不是容缺材料：办事指南未将其列为可容缺（受理后补交）的材料，缺少时请一次性告知补正",
        "“身份证”不是本事项办事指南列出的申请材料",
    ]


def test_the_promised_date_is_today_or_later_and_within_thirty_calendar_days():
    ok = ["住所使用相关文件"]
    assert deferral_problems(GUIDE, ok, TODAY, TODAY) == {}
    assert deferral_problems(GUIDE, ok, date(2027, 1, 1), TODAY) == {}
    assert "不能晚于 2027-01-01" in deferral_problems(GUIDE, ok, date(2027, 1, 2), TODAY)["deferred_until"][0]
    assert "已经过去" in deferral_problems(GUIDE, ok, date(2026, 12, 1), TODAY)["deferred_until"][0]
    assert deferral_problems(GUIDE, ok, None, TODAY)["deferred_until"] == ["请填写承诺补齐日期（年-月-日）"]
    assert parse_promise("2026-12-09") == date(2026, 12, 9)
    assert parse_promise("12/09/2026") is None and parse_promise(20261209) is None


def test_overdue_from_the_day_after_the_promise_until_received():
    promised = date(2026, 12, 2)
    assert not is_overdue(promised, TODAY, received=False)
    assert is_overdue(promised, date(2026, 12, 3), received=False)
    assert not is_overdue(promised, date(2026, 12, 30), received=True)
    assert days_overdue(promised, date(2026, 12, 5)) == 3 and days_overdue(promised, TODAY) == 0


def test_a_material_is_owed_then_uploaded_then_received():
    assert state_of(False, False) is DeferralState.OWED
    assert state_of(True, False) is DeferralState.UPLOADED
    assert state_of(True, True) is state_of(False, True) is DeferralState.RECEIVED
