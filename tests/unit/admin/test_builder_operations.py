"""Every field kind the builder offers becomes a field the form engine renders, and comes back unchanged."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from admin.builder import operations as ops
from admin.builder.model import KINDS, FormModel, model_to_schema, schema_to_model
from forms import compile_form


def test_every_kind_renders_and_round_trips():
    model = FormModel(has_schema_uri=True, closed=True)
    for kind, label in KINDS.items():
        ops.add_field(model, kind, label)
    ops.add_field(model, "text", "行内字段", into="table_18")
    ops.add_field(model, "integer", "组内字段", into="group_17")
    model.find("table_18").min_rows = 1  # a table shows its first row only when one is required
    schema, ui = model_to_schema(model)
    html = str(compile_form(schema, ui).render(None, None))
    for label in (*KINDS.values(), "行内字段", "组内字段"):
        assert label in html, label
    assert 'type="file"' in html
    assert model_to_schema(schema_to_model(schema, ui)) == (schema, ui)


def test_update_checks_values_and_changes_nothing_on_a_problem():
    model = FormModel()
    ops.add_field(model, "number", "面积")
    ops.add_field(model, "choice", "类型")
    before = model_to_schema(model)
    form = MultiDict({"label": "面积", "minimum": "10", "maximum": "1", "default": "abc", "name": "1bad"})
    with pytest.raises(ops.BuilderError) as caught:
        ops.update_field(model, "number_1", form)
    assert any("最小数值大于最大数值" in p for p in caught.value.problems)
    assert any("字段名“1bad”" in p for p in caught.value.problems)
    assert model_to_schema(model) == before
    with pytest.raises(ops.BuilderError) as caught:
        ops.update_field(model, "choice_2", MultiDict({"label": "类型", "options": "a\na"}))
    assert "选项值有重复" in caught.value.problems[0]


def test_a_condition_value_must_be_one_of_the_controlling_fields_options():
    model = FormModel()
    ops.add_field(model, "choice", "类型")
    ops.add_field(model, "text", "说明")
    form = MultiDict([("label", "说明"), ("cond_field", "choice_1"), ("cond_op", "eq"), ("cond_value", "true")])
    with pytest.raises(ops.BuilderError):
        ops.update_field(model, "text_2", form)
    form = MultiDict(
        [
            ("label", "说明"),
            ("cond_field", "choice_1"),
            ("cond_op", "in"),
            ("cond_value", "option_1"),
            ("cond_value", "option_2"),
        ]
    )
    ops.update_field(model, "text_2", form)
    schema, _ = model_to_schema(model)
    assert schema["if"]["properties"] == {"choice_1": {"enum": ["option_1", "option_2"]}}
    html = str(compile_form(*model_to_schema(model)).render(None, None))
    assert "data-when" in html  # the browser shows and hides it


def test_moves_stay_inside_the_list_and_sections_need_fields():
    model = FormModel()
    for label in ("一", "二", "三"):
        ops.add_field(model, "text", label)
    ops.move_field(model, "text_3", to=0)
    ops.move_field(model, "text_1", delta=5)
    assert [f.label for f in model.fields] == ["三", "二", "一"]
    with pytest.raises(ops.BuilderError):
        ops.set_sections(model, "", MultiDict({"new_section": "空分组"}))
    ops.set_sections(model, "", MultiDict([("new_section", "甲"), ("new_section_fields", "text_2"), ("columns", "2")]))
    _, ui = model_to_schema(model)
    assert ui["ui:sections"] == [{"title": "甲", "fields": ["text_2"]}] and ui["ui:columns"] == 2


def test_a_decision_form_asking_for_a_file_is_refused_naming_the_field():
    from admin.problem_text import decision_upload_problems

    schema = {"type": "object", "properties": {"scan": {"type": "string", "title": "现场照片"}}}
    assert decision_upload_problems("r.schema.json", schema, {"scan": {"ui:widget": "upload"}}) == [
        "决策表单 r.schema.json › 字段“现场照片”：决策表单暂不能上传文件（审批页面尚不接收附件）"
    ]
    with pytest.raises(ops.BuilderError):
        ops.add_field(FormModel(), "upload", "附件", refused=frozenset({"upload"}))


def test_sections_move_up_and_down():
    model = FormModel()
    for label in ("一", "二"):
        ops.add_field(model, "text", label)
    ops.set_sections(model, "", MultiDict([("new_section", "甲"), ("new_section_fields", "text_1")]))
    ops.set_sections(
        model, "", MultiDict([("section_title", "甲"), ("new_section", "乙"), ("new_section_fields", "text_2")])
    )
    form = MultiDict([("section_title", "甲"), ("section_title", "乙"), ("section_move", "1:-1")])
    ops.set_sections(model, "", form)
    assert [s.title for s in model.sections] == ["乙", "甲"]


def test_show_only_when_inside_a_group_and_a_table_row():
    model = FormModel()
    ops.add_field(model, "group", "申请人")
    ops.add_field(model, "boolean", "是否委托", into="group_1")
    ops.add_field(model, "text", "受托人", into="group_1")
    ops.add_field(model, "table", "从业人员")
    ops.add_field(model, "choice", "岗位", into="table_2")
    ops.add_field(model, "text", "健康证号", into="table_2")
    when = [("label", "受托人"), ("cond_field", "boolean_1"), ("cond_op", "eq"), ("cond_value", "true")]
    ops.update_field(model, "group_1/text_2", MultiDict([*when, ("required", "on")]))
    row = [("label", "健康证号"), ("cond_field", "choice_1"), ("cond_op", "ne"), ("cond_value", "option_2")]
    ops.update_field(model, "table_2/text_2", MultiDict(row))
    model.find("table_2").min_rows = 1
    schema, ui = model_to_schema(model)
    group = schema["properties"]["group_1"]
    assert group["then"] == {"properties": {"text_2": {"type": "string", "title": "受托人"}}, "required": ["text_2"]}
    assert "else" in schema["properties"]["table_2"]["items"]
    assert model_to_schema(schema_to_model(schema, ui)) == (schema, ui)
    html = str(compile_form(schema, ui).render(None, None))
    assert html.count("data-when") == 2
