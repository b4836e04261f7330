"""The builder's model round-trips every form of the demo catalogue and every form it makes itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from admin.builder.model import (
    Condition,
    FieldModel,
    FormModel,
    Option,
    Section,
    Unrepresentable,
    model_to_schema,
    schema_to_model,
)

DEMO = Path(__file__).resolve().parents[3] / "catalog" / "demo"
FORMS = sorted(DEMO.glob("*/*.schema.json"))


def _normal(document):
    """`required` lists say which, not in what order."""
    if isinstance(document, dict):
        return {k: sorted(v) if k == "required" else _normal(v) for k, v in document.items()}
    if isinstance(document, list):
        return [_normal(v) for v in document]
    return document


@pytest.mark.parametrize("path", FORMS, ids=lambda p: f"{p.parent.name[-6:]}/{p.name}")
def test_demo_forms_round_trip(path):
    schema = json.loads(path.read_text())
    ui_path = path.parent / "form.ui.json"
    ui = json.loads(ui_path.read_text()) if path.name == "form.schema.json" and ui_path.exists() else {}
    model = schema_to_model(schema, ui)
    again_schema, again_ui = model_to_schema(model)
    assert _normal(again_schema) == _normal(schema)
    assert again_ui == ui
    assert len(FORMS) >= 10


def test_conditional_field_reads_back_with_its_condition():
    schema = json.loads((DEMO / "11440199007495763G4442111007" / "form.schema.json").read_text())
    model = schema_to_model(schema, {})
    lighting = model.find("lighting_hours")
    assert lighting is not None and lighting.required
    assert lighting.condition == Condition("illuminated", "eq", True)


def built_form() -> FormModel:
    rows = FormModel(fields=[FieldModel("item", "text", "品名", required=True), FieldModel("qty", "integer", "数量")])
    return FormModel(
        title="测试表",
        has_schema_uri=True,
        closed=True,
        columns=2,
        sections=[Section("申请人", ["name", "id_number"], "与证件一致")],
        fields=[
            FieldModel("name", "text", "姓名", required=True, placeholder="张三", max_length=30),
            FieldModel("id_number", "resident_id", "身份证号", required=True),
            FieldModel("area", "number", "面积", unit="平方米", minimum=1, maximum=1000, default=10),
            FieldModel("kind", "choice", "类型", options=[Option("a", "甲"), Option("b", "乙")], widget="radio"),
            FieldModel("tags", "multichoice", "标签", options=[Option("x", "X"), Option("y", "Y")], unique=True),
            FieldModel("plan", "upload", "平面图", accept="application/pdf", max_bytes=1048576),
            FieldModel("goods", "table", "货物", min_rows=1, max_rows=5, children=rows),
            FieldModel("note", "textarea", "备注", widget="textarea", width="full", readonly=True),
            FieldModel("other", "text", "其他类型说明", required=True, condition=Condition("kind", "eq", "b")),
            FieldModel("why", "text", "非甲说明", condition=Condition("kind", "ne", "a")),
            FieldModel("which", "text", "甲乙说明", condition=Condition("kind", "in", ["a", "b"])),
        ],
    )


def test_builder_form_round_trips_exactly():
    model = built_form()
    schema, ui = model_to_schema(model)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["properties"]["area"]["title"] == "面积（平方米）"
    assert [next(iter(b.get("then", b.get("else"))["properties"])) for b in schema["allOf"]] == [
        "other",
        "why",
        "which",
    ]
    assert ui["ui:order"][-3:] == ["other", "why", "which"]
    again = schema_to_model(schema, ui)
    assert model_to_schema(again) == (schema, ui)
    assert again.find("area").unit == "平方米" and again.find("area").label == "面积"
    assert again.find("why").condition == Condition("kind", "ne", "a")


def test_builder_form_compiles_in_the_form_engine():
    from forms import compile_form

    schema, ui = model_to_schema(built_form())
    form = compile_form(schema, ui)
    html = str(form.render(None, None))
    assert "平面图" in html and "货物" in html and 'name="name"' in html


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        ({"type": "object", "properties": {"a": {"type": "string"}}, "patternProperties": {}}, "patternProperties"),
        ({"type": "object", "properties": {"a": {"type": ["string", "null"]}}}, "一种类型"),
        ({"type": "object", "properties": {"a": {"$ref": "#/$defs/x"}}}, "$ref"),
        ({"type": "array"}, "对象"),
    ],
)
def test_what_the_builder_cannot_show_is_named(schema, words):
    with pytest.raises(Unrepresentable) as caught:
        schema_to_model(schema, {})
    assert words in str(caught.value)
