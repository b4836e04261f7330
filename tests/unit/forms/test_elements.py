"""Expanding data element references into a form schema (plain Python, no database)."""

from __future__ import annotations

import pytest

from forms import compile_form
from forms.elements import ElementDefinition, ElementReferenceError, element_fields, expand_elements

ID = ElementDefinition(
    "cn-resident-id", {"type": "string", "format": "cn-resident-id"}, "身份证号码", "18位居民身份证号码"
)
NAME = ElementDefinition("person-name", {"type": "string", "minLength": 2, "maxLength": 30}, "姓名")
ELEMENTS = {e.key: e for e in (ID, NAME)}


def authored() -> dict:
    return {
        "type": "object",
        "properties": {
            "applicant": {
                "type": "object",
                "properties": {
                    "name": {"$ref": "element:person-name", "title": "经办人姓名"},
                    "id_number": {"$ref": "element:cn-resident-id"},
                },
                "required": ["name"],
            },
            "members": {
                "type": "array",
                "items": {"type": "object", "properties": {"id": {"$ref": "element:cn-resident-id"}}},
            },
            "note": {"type": "string", "title": "备注"},
        },
    }


def test_a_reference_becomes_the_element_field_marked_with_its_key():
    schema = expand_elements(authored(), ELEMENTS)
    id_field = schema["properties"]["applicant"]["properties"]["id_number"]
    assert id_field == {
        "type": "string",
        "format": "cn-resident-id",
        "title": "身份证号码",
        "description": "18位居民身份证号码",
        "x-element": "cn-resident-id",
    }
    compile_form(schema)  # plain JSON Schema the form engine renders


def test_keywords_beside_the_reference_win_and_the_authored_schema_is_untouched():
    source = authored()
    schema = expand_elements(source, ELEMENTS)
    name = schema["properties"]["applicant"]["properties"]["name"]
    assert name["title"] == "经办人姓名" and name["maxLength"] == 30
    assert source["properties"]["applicant"]["properties"]["name"] == {
        "$ref": "element:person-name",
        "title": "经办人姓名",
    }


def test_element_fields_are_the_same_before_and_after_expansion():
    expected = {
        "applicant.name": "person-name",
        "applicant.id_number": "cn-resident-id",
        "members.*.id": "cn-resident-id",
    }
    assert element_fields(authored()) == expected
    assert element_fields(expand_elements(authored(), ELEMENTS)) == expected


def test_unknown_element_is_refused_naming_every_field():
    source = authored()
    source["properties"]["note"] = {"$ref": "element:no-such-element", "title": "备注"}
    with pytest.raises(ElementReferenceError) as caught:
        expand_elements(source, {"person-name": NAME})
    text = "\n".join(caught.value.problems)
    assert "“备注”（note）" in text and "no-such-element" in text
    assert "applicant.id_number" in text and "cn-resident-id" in text
    assert "不存在" in text


def test_a_changed_element_changes_only_what_is_expanded_later():
    before = expand_elements(authored(), ELEMENTS)
    longer = ElementDefinition("person-name", {"type": "string", "maxLength": 50}, "姓名")
    after = expand_elements(authored(), {**ELEMENTS, "person-name": longer})
    assert before["properties"]["applicant"]["properties"]["name"]["maxLength"] == 30
    assert after["properties"]["applicant"]["properties"]["name"]["maxLength"] == 50


def test_the_form_in_english_titles_element_fields_with_their_english_labels():
    from forms.elements import localised_schema

    elements = {
        "cn-resident-id": ElementDefinition(ID.key, ID.schema, ID.label, ID.help, "Resident ID number"),
        "person-name": ElementDefinition(NAME.key, NAME.schema, NAME.label, label_en="Name"),
    }
    expanded = expand_elements(authored(), elements)
    id_number = expanded["properties"]["applicant"]["properties"]["id_number"]
    assert id_number["x-title-en"] == "Resident ID number"
    # 经办人姓名 is the form's own title for the name: the element's English "Name" would not say 经办人.
    assert "x-title-en" not in expanded["properties"]["applicant"]["properties"]["name"]
    english = localised_schema(expanded, "en")
    assert english["properties"]["applicant"]["properties"]["id_number"]["title"] == "Resident ID number"
    assert english["properties"]["applicant"]["properties"]["name"]["title"] == "经办人姓名"
    assert localised_schema(expanded, "zh_CN") is expanded
    form = compile_form(english)
    assert "Resident ID number" in form.render(None, None, locale="en")
    assert form.validate({"applicant": {"name": "李明远", "id_number": "440199198809154051"}}) == compile_form(
        expanded
    ).validate({"applicant": {"name": "李明远", "id_number": "440199198809154051"}})
