"""Publish-time validation: every problem reported, each naming its element."""

from __future__ import annotations

import pytest

from tests.unit.workflows.helpers import BPMN, CONFORMANCE, DEPARTMENTS, FORMS, files, package
from workflows import ApprovalPackage, BpmnError, compile_approval


def problems_of(names: list[str], process_id: str, **kwargs) -> BpmnError:
    kwargs.setdefault("departments", DEPARTMENTS)
    kwargs.setdefault("form_files", FORMS)
    with pytest.raises(BpmnError) as info:
        compile_approval(files(*names), process_id=process_id, **kwargs)
    return info.value


@pytest.mark.parametrize("item", ["promised", "joint", "immediate", "called"])
def test_valid_items_compile_and_round_trip(item):
    pkg = package(item)
    assert ApprovalPackage.from_json(pkg.to_json()) == pkg


def test_user_tasks_listed_for_admin_display():
    assert package("joint").user_tasks == [
        ("market_review", "市场监管审查", "scjg", "review.schema.json"),
        ("health_review", "卫生健康审查", "wsjk", "review.schema.json"),
    ]
    assert package("immediate").user_tasks == []
    assert package("called").departments == ["cgj"]


@pytest.mark.parametrize(
    ("name", "process_id", "element_id", "element_name", "fragment"),
    [
        ("broken_unknown_department.bpmn", "unknown_department", "Lane_xxbm", "xxbm", "not a department code"),
        ("broken_no_lane.bpmn", "no_lane", "orphan_review", "无人审查", "not in a lane"),
        ("broken_missing_call.bpmn", "missing_call", "call_ghost", "调用不存在的流程", "'ghost_process' is not in"),
        ("broken_import_condition.bpmn", "import_condition", "flow_b4_evil", "", "__import__"),
        ("broken_unparseable_condition.bpmn", "unparseable_condition", "flow_b5_bad", "", "does not parse"),
        ("broken_unreachable.bpmn", "unreachable_task", "forgotten_review", "被遗忘的审查", "cannot be reached"),
    ],
)
def test_broken_items_name_the_element(name, process_id, element_id, element_name, fragment):
    error = problems_of([name], process_id)
    matching = [p for p in error.problems if p.element_id == element_id]
    assert matching, str(error)
    assert matching[0].element_name == element_name
    assert fragment in matching[0].message
    assert matching[0].file == name
    assert f"{name}: {element_id}" in str(error)


def test_all_problems_reported_at_once():
    names = ["broken_unknown_department.bpmn", "broken_no_lane.bpmn", "broken_unreachable.bpmn"]
    error = problems_of(names, "no_lane")
    assert {"Lane_xxbm", "orphan_review", "forgotten_review"} <= {p.element_id for p in error.problems}


def test_form_file_missing_or_unknown():
    error = problems_of(["joint_item.bpmn"], "restaurant_opening", form_files={"other.schema.json"})
    assert {p.element_id for p in error.problems} == {"market_review", "health_review"}
    assert all("review.schema.json" in p.message for p in error.problems)
    text = (
        (BPMN / "joint_item.bpmn")
        .read_text()
        .replace('<spiffworkflow:property name="formJsonSchemaFilename" value="review.schema.json" />', "", 1)
    )
    with pytest.raises(BpmnError) as info:
        compile_approval(
            {"joint.bpmn": text.encode()}, process_id="restaurant_opening", departments=DEPARTMENTS, form_files=FORMS
        )
    assert [p.element_id for p in info.value.problems] == ["market_review"]
    assert "names no decision form" in info.value.problems[0].message


def test_unknown_process_id():
    error = problems_of(["promised_item.bpmn"], "no_such_process")
    assert error.problems[0].element_id == "no_such_process"
    assert "food_business_licence" in error.problems[0].message


def test_malformed_xml_reports_line():
    bad = (
        b'<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n'
        b"<bpmn:process id='p'>\n</bpmn:definitions>\n"
    )
    with pytest.raises(BpmnError) as info:
        compile_approval({"bad.bpmn": bad}, process_id="p", departments=DEPARTMENTS)
    assert "not well-formed" in str(info.value)
    assert "line 4" in str(info.value)
    assert info.value.problems[0].file == "bad.bpmn"


def test_external_entity_is_refused_without_reading(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xml = (
        f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY ent SYSTEM "file://{secret}">]>\n'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        '<bpmn:process id="p" name="&ent;"/></bpmn:definitions>'
    )
    with pytest.raises(BpmnError) as info:
        compile_approval({"x.bpmn": xml.encode()}, process_id="p", departments=DEPARTMENTS)
    assert "DOCTYPE" in str(info.value)
    assert "TOP-SECRET" not in str(info.value)


def test_conformance_entity_file_refused():
    path = CONFORMANCE / "spiff-arena" / "xml_with_entity" / "invoice.bpmn"
    with pytest.raises(BpmnError) as info:
        compile_approval({"invoice.bpmn": path.read_bytes()}, process_id="x", departments=DEPARTMENTS)
    assert "DOCTYPE" in str(info.value)


def test_size_limit():
    huge = b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>"
    with pytest.raises(BpmnError) as info:
        compile_approval({"huge.bpmn": huge}, process_id="p", departments=DEPARTMENTS)
    assert "limit" in str(info.value)


def test_dangerous_script_refused_at_publish():
    path = CONFORMANCE / "spiff-arena" / "dangerous-scripts" / "read_etc_passwd.bpmn"
    with pytest.raises(BpmnError) as info:
        compile_approval({"read_etc_passwd.bpmn": path.read_bytes()}, process_id="dangerous", departments=DEPARTMENTS)
    problem = next(p for p in info.value.problems if p.element_id == "read_etc_passwd")
    assert problem.element_name == "Read /etc/passwd"
    assert "'open' is not allowed" in problem.message


def test_reserved_ids_refused():
    text = (BPMN / "promised_item.bpmn").read_text().replace('"market_review"', '"window_review"')
    text = text.replace(">market_review<", ">window_review<").replace('"market_review_di"', '"w_di"')
    with pytest.raises(BpmnError) as info:
        compile_approval(
            {"p.bpmn": text.encode()}, process_id="food_business_licence", departments=DEPARTMENTS, form_files=FORMS
        )
    assert any(p.element_id == "window_review" and "reserved" in p.message for p in info.value.problems)


def test_package_json_rejects_garbage():
    with pytest.raises(ValueError):
        ApprovalPackage.from_json('{"format": 99}')
    with pytest.raises(ValueError):
        ApprovalPackage.from_json("not json")
