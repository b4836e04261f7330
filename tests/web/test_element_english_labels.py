"""A form in English names its data element fields by the elements' English labels (label_en), frozen at publish;
the same page in Chinese keeps the Chinese ones."""

from __future__ import annotations

from tests.factories import csrf_token

WSJK = "11440199007495413A4442111004"  # 公共场所卫生许可证核发: applicant and business fields are data elements


def test_the_apply_page_in_english_uses_the_elements_english_labels(demo, client, login):
    login(client, "citizen")
    chinese = client.get(f"/items/{WSJK}/apply").get_data(as_text=True)
    assert "身份证号码" in chinese and "Resident ID number" not in chinese
    client.get("/lang/en")
    english = client.get(f"/items/{WSJK}/apply").get_data(as_text=True)
    assert "Resident ID number" in english and "Unified social credit code" in english
    assert 'for="f-applicant-id_number">Resident ID number' in english  # the label, not only somewhere
    assert 'for="f-applicant-id_number">身份证号码' not in english
    # An invalid answer is named in English too.
    token = csrf_token(client, f"/items/{WSJK}/apply")
    refused = client.post(f"/items/{WSJK}/apply", data={"csrf_token": token, "applicant.id_number": "123"})
    assert "Resident ID number" in refused.get_data(as_text=True)
