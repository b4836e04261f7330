"""Prefill rules (app/domain/prefill.py): which fields get a first value, and from where."""

from __future__ import annotations

from app.domain.prefill import ApplicantRecord, latest_values, prefill_form

SCHEMA = {
    "type": "object",
    "properties": {
        "applicant": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "x-element": "person-name"},
                "id_number": {"type": "string", "x-element": "cn-resident-id"},
                "mobile": {"type": "string", "x-element": "cn-mobile"},
            },
        },
        "secret_id": {"type": "string", "x-element": "cn-resident-id"},
        "licence": {"type": "string", "contentMediaType": "application/pdf", "x-element": "licence-scan"},
        "members": {
            "type": "array",
            "items": {"type": "object", "properties": {"id": {"type": "string", "x-element": "cn-resident-id"}}},
        },
        "has_company": {"type": "boolean"},
        "note": {"type": "string"},
    },
    "if": {"properties": {"has_company": {"const": True}}, "required": ["has_company"]},
    "then": {"properties": {"company": {"type": "string", "x-element": "company-name"}}},
}
UI = {"secret_id": {"ui:widget": "hidden"}}
SOURCES = {
    "person-name": "profile",
    "cn-resident-id": "profile",
    "cn-mobile": "latest_case",
    "company-name": "profile",
    "licence-scan": "profile",
}
RECORD = ApplicantRecord(
    profile={"cn-resident-id": "11010519491231002X", "cn-mobile": "13800000000"},
    latest={
        "person-name": "王小明",
        "cn-mobile": "13911112222",
        "company-name": "明湖某公司",
        "licence-scan": "file:1",
    },
)


def test_element_fields_get_their_source_value_and_are_listed_as_prefilled():
    found = prefill_form(SCHEMA, UI, SOURCES, RECORD)
    assert found.values == {"applicant": {"name": "王小明", "id_number": "11010519491231002X", "mobile": "13911112222"}}
    assert found.paths == {"applicant.name", "applicant.id_number", "applicant.mobile"}


def test_latest_case_source_ignores_the_account_and_profile_prefers_it():
    found = prefill_form(SCHEMA, UI, SOURCES, RECORD)
    assert found.values["applicant"]["mobile"] == "13911112222"  # latest_case: not the account's number
    only_account = ApplicantRecord(profile={"cn-resident-id": "11010519491231002X"}, latest={"cn-resident-id": "X"})
    assert prefill_form(SCHEMA, UI, SOURCES, only_account).values["applicant"]["id_number"] == "11010519491231002X"


def test_never_hidden_fields_uploads_rows_or_conditional_fields():
    found = prefill_form(SCHEMA, UI, SOURCES, RECORD)
    assert "secret_id" not in found.values  # ui:widget hidden
    assert "licence" not in found.values  # an upload
    assert "members" not in found.values  # inside a list of rows
    assert "company" not in found.values  # shown only when has_company is ticked


def test_an_element_without_a_prefill_source_is_left_empty():
    found = prefill_form(SCHEMA, UI, {**SOURCES, "person-name": "none"}, RECORD)
    assert "name" not in found.values["applicant"]


def test_the_annotation_is_the_one_publishing_writes():
    from app.domain import prefill
    from forms.elements import ELEMENT_ANNOTATION

    assert prefill.ELEMENT_ANNOTATION == ELEMENT_ANNOTATION


def test_nothing_known_fills_nothing():
    found = prefill_form(SCHEMA, UI, SOURCES, ApplicantRecord())
    assert found.values == {} and found.paths == set()


def test_latest_values_take_the_newest_case_for_each_element():
    newest = {"applicant": {"name": "王小明", "mobile": ""}}
    older = {"applicant": {"name": "王晓明", "mobile": "13700000000", "id_number": "11010519491231002X"}}
    assert latest_values([(SCHEMA, newest), (SCHEMA, older)]) == {
        "person-name": "王小明",
        "cn-mobile": "13700000000",
        "cn-resident-id": "11010519491231002X",
    }


def test_personal_data_comes_only_from_what_the_person_submitted_themselves():
    from app.domain.prefill import applicant_values

    schema = {
        "type": "object",
        "properties": {
            "applicant": {"type": "object", "properties": {"mobile": {"type": "string", "x-element": "cn-mobile"}}},
            "company": {"type": "string", "x-element": "company-name"},
        },
    }
    by_clerk = {"applicant": {"mobile": "13900000001"}, "company": "明湖区新店有限公司"}  # the agent's mobile
    own = {"applicant": {"mobile": "13800000002"}, "company": "明湖区旧店有限公司"}
    values = applicant_values([(schema, by_clerk, False), (schema, own, True)], personal={"cn-mobile"})
    assert values == {"cn-mobile": "13800000002", "company-name": "明湖区新店有限公司"}
    assert applicant_values([(schema, by_clerk, False)], personal={"cn-mobile"}) == {
        "company-name": "明湖区新店有限公司"
    }
