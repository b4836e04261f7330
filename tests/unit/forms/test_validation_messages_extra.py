"""Messages for fields the schema does not allow."""

from __future__ import annotations

from forms import compile_form


def test_field_declared_only_under_then_but_forbidden_by_the_root_is_named():
    schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"lit": {"type": "boolean", "title": "照明"}},
        "if": {"properties": {"lit": {"const": True}}, "required": ["lit"]},
        "then": {"properties": {"hours": {"type": "string", "title": "照明时段"}}, "required": ["hours"]},
    }
    errors = compile_form(schema).validate({"lit": True, "hours": "18:00-23:00"})
    assert any("hours" in message for messages in errors.values() for message in messages), errors


def test_unknown_field_is_named():
    schema = {"type": "object", "additionalProperties": False, "properties": {"a": {"type": "string"}}}
    errors = compile_form(schema).validate({"a": "x", "zzz": 1})
    assert any("zzz" in message for messages in errors.values() for message in messages), errors
