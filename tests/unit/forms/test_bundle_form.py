"""Composing a bundle's one form from its members' forms: shared once, per-item sections, strictest rule."""

from __future__ import annotations

import pytest

from forms import compile_form
from forms.bundle_form import SHARED_SECTION, BundleFormConflict, MemberForm, compose_form

NAME = {"type": "string", "title": "企业名称", "maxLength": 50}
LICENCE = {"type": "string", "title": "营业执照", "contentMediaType": "application/pdf"}


def _member(key, properties, required=(), **extra):
    schema = {"type": "object", "properties": properties, "required": list(required), **extra}
    return MemberForm(key, f"事项{key}", schema)


def test_fields_two_members_use_are_asked_once_in_the_shared_section():
    merged = compose_form(
        [
            _member("A", {"company": NAME, "licence": LICENCE, "seats": {"type": "integer", "title": "座位数"}}),
            _member("B", {"company": NAME, "licence": LICENCE, "beds": {"type": "integer", "title": "床位数"}}),
            _member("C", {"sign_text": {"type": "string", "title": "招牌文字"}}),
        ]
    )
    assert merged.sections == {
        "company": SHARED_SECTION,
        "licence": SHARED_SECTION,  # the shared material is uploaded once
        "seats": "A",
        "beds": "B",
        "sign_text": "C",
    }
    assert [s["fields"] for s in merged.ui["ui:sections"]] == [
        ["company", "licence"],
        ["seats"],
        ["beds"],
        ["sign_text"],
    ]
    assert merged.fields_for(["B"]) == {"company", "licence", "beds"}
    compile_form(merged.schema, merged.ui)  # the merged form renders


def test_the_strictest_rule_wins_where_that_is_sound():
    merged = compose_form(
        [
            _member("A", {"company": {**NAME, "maxLength": 30}}, required=["company"]),
            _member("B", {"company": NAME, "kind": {"type": "string", "enum": ["餐饮", "零售", "住宿"]}}),
            _member("C", {"kind": {"type": "string", "enum": ["住宿", "餐饮"]}}),
        ]
    )
    assert merged.schema["properties"]["company"]["maxLength"] == 30
    assert merged.schema["required"] == ["company"]  # required in one member: required in the bundle
    assert merged.schema["properties"]["kind"]["enum"] == ["餐饮", "住宿"]
    assert any("maxLength = 30" in r for r in merged.resolutions)


def test_objects_merge_field_by_field():
    a = {"type": "object", "title": "申请人", "properties": {"name": NAME}, "required": ["name"]}
    b = {"type": "object", "title": "申请人", "properties": {"name": {**NAME, "maxLength": 20}, "mobile": NAME}}
    merged = compose_form([_member("A", {"applicant": a}), _member("B", {"applicant": b})])
    applicant = merged.schema["properties"]["applicant"]
    assert list(applicant["properties"]) == ["name", "mobile"]
    assert applicant["properties"]["name"]["maxLength"] == 20 and applicant["required"] == ["name"]


def test_a_field_defined_differently_is_refused_with_the_conflict_named():
    with pytest.raises(BundleFormConflict) as refused:
        compose_form(
            [
                _member(
                    "A", {"area": {"type": "number", "title": "经营面积"}, "kind": {"type": "string", "enum": ["甲"]}}
                ),
                _member(
                    "B", {"area": {"type": "string", "title": "经营面积"}, "kind": {"type": "string", "enum": ["乙"]}}
                ),
            ]
        )
    messages = [str(c) for c in refused.value.conflicts]
    assert messages == [
        '字段「经营面积」（area）在「事项A」、「事项B」中的类型不一致，无法合并：定义不同（"number" / "string"）',
        '字段「kind」（kind）在「事项A」、「事项B」中的可选值不一致，无法合并：可选值没有交集（["甲"] / ["乙"]）',
    ]


def test_limits_that_cross_after_merging_are_refused():
    with pytest.raises(BundleFormConflict, match="下限 10 大于上限 5"):
        compose_form(
            [
                _member("A", {"code": {"type": "string", "minLength": 10}}),
                _member("B", {"code": {"type": "string", "maxLength": 5}}),
            ]
        )


def test_a_limit_only_one_member_sets_is_kept_as_the_strictest():
    merged = compose_form(
        [_member("A", {"code": {"type": "string", "maxLength": 18}}), _member("B", {"code": {"type": "string"}})]
    )
    assert merged.schema["properties"]["code"]["maxLength"] == 18


def test_a_data_element_is_one_field_even_where_titles_differ():
    a = {"type": "string", "title": "统一社会信用代码", "x-element": "uscc"}
    b = {"type": "string", "title": "信用代码", "x-element": "uscc"}
    merged = compose_form([_member("A", {"uscc": a}), _member("B", {"uscc": b})])
    assert merged.sections == {"uscc": SHARED_SECTION}


def test_one_element_under_two_names_is_refused():
    with pytest.raises(BundleFormConflict, match="字段名"):
        compose_form(
            [
                _member("A", {"uscc": {"type": "string", "x-element": "uscc"}}),
                _member("B", {"credit_code": {"type": "string", "x-element": "uscc"}}),
            ]
        )


def test_each_members_conditions_keep_working():
    condition = {
        "if": {"properties": {"chain": {"const": True}}, "required": ["chain"]},
        "then": {"required": ["brand"]},
    }
    merged = compose_form(
        [
            _member("A", {"chain": {"type": "boolean"}, "brand": {"type": "string"}}, **condition),
            _member("B", {"chain": {"type": "boolean"}}),
        ]
    )
    form = compile_form(merged.schema, merged.ui)
    assert form.validate({"chain": True}) and not form.validate({"chain": True, "brand": "老字号"})


def test_a_bundle_needs_two_members():
    with pytest.raises(ValueError):
        compose_form([_member("A", {})])


def test_a_name_one_member_backs_with_a_data_element_and_another_does_not_is_one_field():
    element = {"type": "string", "title": "统一社会信用代码", "maxLength": 18, "x-element": "uscc"}
    plain = {"type": "string", "title": "统一社会信用代码"}
    merged = compose_form([_member("A", {"uscc": element}), _member("B", {"uscc": plain})])
    assert merged.sections == {"uscc": SHARED_SECTION}
    assert merged.schema["properties"]["uscc"]["x-element"] == "uscc"
    assert merged.schema["properties"]["uscc"]["maxLength"] == 18


def test_an_upload_open_to_any_file_in_one_member_takes_the_other_members_file_type():
    # The builder marks an upload without a file type in its ui only; the demo items name the type in the schema.
    plan = {"type": "string", "title": "卫生设施平面布局图"}
    built = MemberForm(
        "A", "事项A", {"type": "object", "properties": {"floor_plan": plan}}, {"floor_plan": {"ui:widget": "upload"}}
    )
    typed = _member("B", {"floor_plan": {**plan, "contentMediaType": "application/pdf"}})
    merged = compose_form([built, typed])
    assert merged.schema["properties"]["floor_plan"]["contentMediaType"] == "application/pdf"
    assert merged.sections["floor_plan"] == SHARED_SECTION
    # A text field of the same name is not an upload: still refused, with the rule named in Chinese.
    text = _member("C", {"floor_plan": plan})
    with pytest.raises(BundleFormConflict) as refused:
        compose_form([text, typed])
    assert "材料文件类型" in str(refused.value.conflicts[0])
