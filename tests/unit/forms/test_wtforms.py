"""The same inputs as WTForms fields."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from forms import compile_form

from .helpers import APPLICATION


def test_wtforms_fields_share_names_ids_and_labels() -> None:
    form = compile_form(APPLICATION).wtforms_form(MultiDict({"name": "张三", "age": "30", "kind": "new"}))
    assert list(form._fields) == compile_form(APPLICATION).field_paths
    assert form["name"].data == "张三" and form["age"].data == 30
    assert form["address.city"].id == "f-address-city"
    assert form["kind"].label.text == "申请类型"
    assert [(c.value, c.label) for c in form["kind"].choices] == [("new", "设立"), ("change", "变更")]
    assert not form.validate()  # id_number is required


def test_rows_follow_values() -> None:
    schema = {
        "type": "object",
        "properties": {"m": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "string"}}}}},
    }
    form = compile_form(schema).wtforms_form(values={"m": [{"n": "a"}, {"n": "b"}]})
    assert list(form._fields) == ["m.0.n", "m.1.n"]
