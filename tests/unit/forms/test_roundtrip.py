"""encode is the inverse of parse: parse(encode(data)).data == data, or UnrepresentableData."""

from __future__ import annotations

from typing import Any

import pytest

from forms import UnrepresentableData, compile_form

from .helpers import APPLICATION, FULL_APPLICATION

FORM = compile_form(APPLICATION)
FULL = FULL_APPLICATION


@pytest.mark.parametrize(
    "data",
    [
        FULL,
        {k: v for k, v in FULL.items() if k not in ("address", "note", "age")},
        {**FULL, "capital": 1e21},
        {"agree": False},
    ],
)
def test_round_trip(data: dict[str, Any]) -> None:
    assert FORM.parse(FORM.encode(data)).data == data


def test_encoded_fields_are_what_a_browser_posts() -> None:
    posted = FORM.encode({"name": "张三", "agree": True})
    assert posted.getlist("name") == ["张三"]
    assert posted.getlist("age") == [""]  # an empty text box is still posted
    assert "kind" not in posted  # unchosen radios are not


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"name": ""},
        {"name": " padded "},
        {"name": 12},
        {"age": "35"},
        {"age": True},
        {"kind": "other"},
        {"unknown": 1},
        {},  # the required box: unticked is posted as nothing and read as false
        {"address": {}},
        {"address": "福州"},
        {"note": None},
    ],
)
def test_unrepresentable_data_is_refused_clearly(data: Any) -> None:
    with pytest.raises(UnrepresentableData):
        FORM.encode(data)
