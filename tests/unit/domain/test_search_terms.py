"""What a case can be found by, read from its data by what each field is (format or name key)."""

from __future__ import annotations

import json
from pathlib import Path

from app.domain.search_terms import read_query, search_terms
from forms.elements import expand_elements, read_element_files

DEMO = Path(__file__).resolve().parents[3] / "catalog" / "demo" / "11440199007495413A4442111004"


def test_the_demo_form_gives_names_id_mobile_and_credit_code() -> None:
    authored = json.loads((DEMO / "form.schema.json").read_text(encoding="utf-8"))
    # published as the version stores it: its data element references expanded (formats and all)
    schema = expand_elements(authored, read_element_files(DEMO.parent / "elements"))
    sample = json.loads((DEMO / "sample.json").read_text(encoding="utf-8"))
    terms = search_terms(schema, sample)
    kinds = {kind for kind, _ in terms}
    assert {"name", "id_number", "mobile", "credit_code"} <= kinds
    assert ("name", sample["applicant"]["name"]) in terms and ("name", sample["business"]["name"]) in terms
    assert ("id_number", sample["applicant"]["id_number"].upper()) in terms


def test_rows_of_a_table_and_lower_case_codes_are_read() -> None:
    schema = {
        "type": "object",
        "properties": {
            "members": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "id": {"format": "cn-resident-id"}},
                },
            }
        },
    }
    terms = search_terms(schema, {"members": [{"name": "张三", "id": "44019919950430667x"}, {"name": ""}]})
    assert terms == {("name", "张三"), ("id_number", "44019919950430667X")}


def test_a_typed_query_is_an_identifier_or_a_name() -> None:
    assert read_query(" 139 1234 5678 ").codes == ("13912345678",)
    assert read_query("91440199ma59x3te16").codes == ("91440199MA59X3TE16",)
    assert read_query("锦程酒店").name == "锦程酒店" and read_query("锦程酒店").codes == ()
    assert read_query("   ").name is None and read_query("").codes == ()
