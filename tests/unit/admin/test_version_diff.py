"""The version diff speaks the admin's words: field labels, guide headings, BPMN element names."""

from __future__ import annotations

from admin.builder.diff import bpmn_changes, form_changes, guide_changes

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" name="开始"/>
    <bpmn:userTask id="review" name="{name}"/>
    {extra}
  </bpmn:process>
</bpmn:definitions>"""


def test_form_changes_name_fields_by_label_and_say_what_changed():
    old = {"type": "object", "properties": {"area": {"type": "number", "title": "面积", "maximum": 100}}}
    new = {
        "type": "object",
        "properties": {
            "area": {"type": "number", "title": "面积", "maximum": 500},
            "mail": {"type": "string", "title": "邮箱"},
        },
        "required": ["area"],
    }
    changes = form_changes((old, {}), (new, {"area": {"ui:placeholder": "平方米"}}))
    by_label = {c.label: c for c in changes}
    assert by_label["申请表 › 邮箱"].what == "added"
    assert by_label["申请表 › 面积"].details == ["最大值：100 → 500", "必填：否 → 是", "占位提示：（无） → 平方米"]
    assert form_changes((new, {}), (old, {}))[0].what == "removed"


def test_conditional_and_nested_fields_are_found():
    new = {
        "type": "object",
        "properties": {
            "b": {"type": "boolean", "title": "委托"},
            "g": {"type": "object", "title": "申请人", "properties": {"n": {"type": "string", "title": "姓名"}}},
        },
        "if": {"properties": {"b": {"const": True}}},
        "then": {"properties": {"t": {"type": "string", "title": "受托人"}}},
    }
    labels = {c.label for c in form_changes(({"type": "object", "properties": {}}, {}), (new, {}))}
    assert labels == {"申请表 › 委托", "申请表 › 申请人", "申请表 › 申请人 › 姓名", "申请表 › 受托人"}


def test_guide_changes_follow_materials_by_name():
    old = {"fees": "不收费", "materials": [{"name": "委托书", "required": False}]}
    new = {
        "fees": "按规定收费",
        "materials": [{"name": "委托书", "need": "conditional", "condition": "委托的"}, {"name": "执照"}],
    }
    labels = {c.label: c for c in guide_changes(old, new)}
    assert labels["办事指南 › 收费标准"].details == ["不收费 → 按规定收费"]
    assert labels["办事指南 › 申请材料 › 执照"].what == "added"
    assert "要求：非必要 → 有条件提交" in labels["办事指南 › 申请材料 › 委托书"].details


def test_bpmn_changes_name_elements_and_mark_them():
    old = {"a.bpmn": BPMN.format(name="审查", extra="")}
    new = {"a.bpmn": BPMN.format(name="部门审查", extra='<bpmn:endEvent id="end" name="结束"/>')}
    changes, marked = bpmn_changes(old, new)
    labels = {c.label: c for c in changes}
    assert labels["流程 a.bpmn › 结束（endEvent）"].what == "added"
    assert labels["流程 a.bpmn › 部门审查（userTask）"].details == ["名称：审查 → 部门审查"]
    assert marked == {"added": ["end"], "changed": ["review"]}
    assert bpmn_changes({"a.bpmn": "<oops"}, {"a.bpmn": "<oops"}) == ([], {"added": [], "changed": []})
