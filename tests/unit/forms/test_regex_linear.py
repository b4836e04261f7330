"""Schema regexes run in linear time (issue 18 point 7): RE2 evaluates pattern, patternProperties and the regex
format; what RE2 cannot run is refused at publish naming the keyword; the browser is never handed a pattern."""

from __future__ import annotations

import time

import pytest

from forms import FormSchemaError, compile_form
from forms.regex import search, to_re2


def form_with(field: dict) -> object:
    return compile_form({"type": "object", "properties": {"code": {"type": "string", "title": "代码", **field}}})


def test_catastrophic_pattern_validates_in_linear_time():
    form = form_with({"pattern": "^(a+)+$"})
    started = time.monotonic()
    errors = form.validate({"code": "a" * 40 + "!"})  # Python's re: 2**40 steps
    assert errors == {"code": ["代码的格式不正确"]}
    assert time.monotonic() - started < 5  # safety net; RE2 takes microseconds
    assert form.validate({"code": "aaaa"}) == {}


@pytest.mark.parametrize(
    ("pattern", "pointer"),
    [
        (r"^(a)\1$", "/properties/code/pattern"),
        (r"^(?=.*\d)\w+$", "/properties/code/pattern"),
        (r"(?<!x)y", "/properties/code/pattern"),
        ("a" * 1001, "/properties/code/pattern"),
    ],
)
def test_patterns_re2_cannot_run_are_refused_naming_the_field(pattern, pointer):
    with pytest.raises(FormSchemaError) as info:
        form_with({"pattern": pattern})
    problem = next(p for p in info.value.problems if p.keyword == "pattern")
    assert problem.pointer == pointer
    assert "正则表达式" in problem.message


def test_pattern_in_a_condition_and_in_pattern_properties_checked_too():
    schema = {
        "type": "object",
        "properties": {"kind": {"type": "string", "title": "类型"}, "code": {"type": "string", "title": "代码"}},
        "if": {"properties": {"kind": {"pattern": r"(x)\1"}}, "patternProperties": {r"(?=a)": {}}},
        "then": {"required": ["code"]},
    }
    with pytest.raises(FormSchemaError) as info:
        compile_form(schema)
    pointers = {p.pointer for p in info.value.problems}
    assert "/if/properties/kind/pattern" in pointers
    assert "/if/patternProperties/(?=a)" in pointers


def test_ecma_escapes_are_understood():
    form = form_with({"pattern": r"^[\u4e00-\u9fa5]+$"})
    assert form.validate({"code": "福州"}) == {}
    assert form.validate({"code": "fz"}) == {"code": ["代码的格式不正确"]}
    assert to_re2(r"\u{1F600}\cJ\\u0041") == r"\x{1F600}\x{0a}\\u0041"


def test_digits_are_ascii_as_in_ecma_262():
    """Python's re lets fullwidth digits through \\d; JSON Schema (ECMA-262) and RE2 do not."""
    form = form_with({"pattern": r"^\d{6}$"})
    assert form.validate({"code": "350001"}) == {}
    assert form.validate({"code": "３５０００１"}) == {"code": ["代码的格式不正确"]}


def test_regex_format_compiled_by_re2():
    form = form_with({"format": "regex"})
    assert form.validate({"code": "^[a-z]+$"}) == {}
    assert form.validate({"code": r"(a)\1"}) != {}


def test_lone_surrogate_never_matches():
    assert search("^.*$", "ok")
    assert not search("^.*$", "\ud800")


def test_browser_gets_no_pattern_attribute():
    """HTML pattern runs in the browser's backtracking engine: the server (RE2) is the only judge."""
    html = str(form_with({"pattern": "^(a+)+$"}).render())
    assert 'name="code"' in html
    assert "pattern=" not in html
