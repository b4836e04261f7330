"""Whatever is posted or passed in, parse/render/validate/summary answer without a traceback."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from forms import ParseResult, UnrepresentableData, compile_form

from .helpers import APPLICATION
from .test_arrays import SCHEMA as ARRAYS

pytestmark = pytest.mark.slow  # `pytest -m "not slow"` skips it in the quick loop; CI runs it

FORMS = [compile_form(APPLICATION), compile_form(ARRAYS)]
KEYS = st.sampled_from(
    [
        "name", "age", "kind", "agree", "capital", "note", "address.city", "scopes", "members._count",
        "members.0.name", "members.0.age", "members.1.phones._count", "members.1.phones.0", "tags.0", "tags._count",
        "_add", "_remove", "members.-1.name", "members.99999999999.name", "", ".", "a..b",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=30), st.sampled_from(["members", "members.0", "tags", "1e309", "-0", "true", "９", "¹", "①", "١٢"])
)
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["name", "members", "address", "city", "x"]), inner, max_size=4),
    ),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(FORMS), st.lists(st.tuples(KEYS, TEXT), max_size=12), st.sampled_from(["zh_CN", "en"]))
def test_any_post_parses_and_renders(form: Any, pairs: list[tuple[str, str]], locale: str) -> None:
    result = form.parse(MultiDict(pairs), locale=locale)
    assert isinstance(result, ParseResult)
    assert all(isinstance(text, str) and text for texts in result.errors.values() for text in texts)
    form.render(result.data, result.errors, locale=locale)
    form.render_error_summary(result.errors, locale=locale)


def test_digit_like_characters_that_are_not_numbers_are_ignored_as_counts() -> None:
    # "¹".isdigit() is true and int("¹") raises: counts and row numbers must be decimal digits.
    for form in FORMS:
        for key in ("_add", "members._count", "tags._count", "members.¹.name"):
            result = form.parse(MultiDict([(key, "¹"), (key, "①")]), locale="zh_CN")
            form.render(result.data, result.errors, locale="zh_CN")


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(FORMS),
    st.dictionaries(st.sampled_from(["name", "age", "kind", "members", "address", "scopes", "tags"]), JSON),
)
def test_any_values_render_validate_summarise_or_refuse_to_encode(form: Any, values: dict[str, Any]) -> None:
    form.render(values)
    form.validate(values)
    form.summary(values)
    with contextlib.suppress(UnrepresentableData):
        form.encode(values)
