"""Per-department field visibility, the plain rule: sections a department sees, fields hidden, declared sights."""

from __future__ import annotations

from app.domain.field_sight import hidden_fields, sections_for, sight_problems, visible_form

SIGHT = {
    "fields": {"company": "shared", "seats": "FOOD", "sign_text": "SIGN"},
    "sections": {
        "shared": {"title": "共同信息", "departments": ["scjg", "cgj"]},
        "FOOD": {"title": "食品经营许可", "departments": ["scjg"]},
        "SIGN": {"title": "门头招牌", "departments": ["cgj"]},
    },
}
FORM = {"company": "湘味小厨", "seats": 60, "sign_text": "湘楚人家", "unplaced": "?"}


def test_a_department_sees_the_shared_section_and_its_own():
    assert sections_for(SIGHT, "scjg") == {"shared", "FOOD"}
    assert visible_form(FORM, hidden_fields(SIGHT, sections_for(SIGHT, "scjg"), FORM)) == {
        "company": "湘味小厨",
        "seats": 60,
        "unplaced": "?",  # a declared (not strict) sight leaves fields it does not name visible
    }


def test_a_strict_sight_hides_what_it_does_not_place():
    strict = {**SIGHT, "strict": True}
    assert "unplaced" in hidden_fields(strict, sections_for(strict, "cgj"), FORM)


def test_no_sight_or_no_sections_hides_nothing():
    assert sections_for(None, "scjg") is None
    assert hidden_fields(SIGHT, None, FORM) == frozenset()


def test_a_declared_sight_naming_unknown_things_is_refused_by_name():
    bad = {"fields": {"ghost": "FOOD", "seats": "nowhere"}, "sections": {"FOOD": {"departments": ["xyz"]}}}
    assert sight_problems(bad, ["seats"], ["scjg"]) == [
        "field_sight: 字段 ghost 不在申请表中",
        "field_sight: 字段 seats 的分区 nowhere 未定义",
        "field_sight: 分区 FOOD 的部门 xyz 不存在",
    ]
