"""Bodies no view could handle are refused at the door with a 400 naming the field (issue 18 point 10)."""

from __future__ import annotations

import json

import pytest

from app.request_guard import BadText, check_json, text_problem
from tests.factories import demo_item, new_token


def raw_json(text: str) -> dict:
    return {"data": text.encode("utf-8"), "content_type": "application/json"}


def test_json_nested_100k_deep_is_a_400(client):
    response = client.post("/api/v1/token", **raw_json("[" * 100_000 + "]" * 100_000))
    assert response.status_code == 400
    body = response.get_json()
    assert body["error_code"] == "bad_request"
    assert "嵌套" in body["message"]


def test_moderately_deep_json_is_a_400_naming_where(client):
    deep = {"username": "x"}
    node: dict = deep
    for _ in range(80):
        node["n"] = {}
        node = node["n"]
    response = client.post("/api/v1/token", json=deep)
    assert response.status_code == 400
    assert response.get_json()["details"]["field"].startswith("n.n.n")


def test_lone_surrogate_in_api_submission_names_the_field(client, demo, api_token):
    slug, sample = demo_item("promised")
    name_field = next(key for key, value in sample.items() if isinstance(value, str))
    body = json.dumps({"submission_token": new_token(), "data": {name_field: "SURROGATE"}})
    body = body.replace("SURROGATE", "\\ud800")
    response = client.post(f"/api/v1/items/{slug}/applications", headers=api_token(client, "citizen"), **raw_json(body))
    assert response.status_code == 400
    payload = response.get_json()
    assert payload["details"]["field"] == f"data.{name_field}"
    assert "Unicode" in payload["message"]


@pytest.mark.parametrize(("text", "reason"), [("a\x00b", "nul"), ("张\u202e三", "bidi")])
def test_form_posts_refuse_bad_text_naming_the_field(client, text, reason):
    response = client.post("/login", data={"username": text, "password": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "username" in page
    assert text_problem(text) == reason


def test_invalid_utf8_in_a_form_post_is_refused(client):
    response = client.post(
        "/login", data=b"username=%ff%fe&password=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "UTF-8" in response.get_data(as_text=True)


def test_query_arguments_are_checked_too(client):
    assert client.get("/api/v1/items?x=%00").status_code == 400


def test_english_message(client):
    client.get("/lang/en")
    response = client.post("/api/v1/token", json={"username": "a\u202eb"})
    assert response.status_code == 400
    assert "text direction" in response.get_json()["message"]


def test_ordinary_text_passes():
    assert text_problem("\udfff") == "surrogate"
    check_json({"name": "张三 O'Brien", "rows": [{"note": "第一行\n第二行 \u200f"}]})
    with pytest.raises(BadText) as info:
        check_json({"rows": [{"ok": "x"}, {"note": "\x00"}]})
    assert info.value.field == "rows.1.note"


def test_a_stored_lone_surrogate_no_longer_breaks_pages(app):
    with app.test_request_context():
        response = app.response_class("名字\ud800")
    assert response.get_data() == "名字\ufffd".encode()
