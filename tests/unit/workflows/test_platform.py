"""The platform one-window BPMN is a real modeler file: schema-valid, fully drawn, lanes as the app expects."""

from __future__ import annotations

from importlib import resources

from lxml import etree

from tests.unit.workflows.helpers import ACCEPT, CONFORMANCE, ready_ids
from workflows import ApprovalPackage, case_spec, start_case
from workflows.parsing import NSMAP, read_xml, schema_validator

DI = "http://www.omg.org/spec/BPMN/20100524/DI"


def platform_root() -> etree._Element:
    content = resources.files("workflows.platform").joinpath("one_window.bpmn").read_bytes()
    return read_xml(content, "one_window.bpmn")


def test_platform_bpmn_is_schema_valid():
    schema_validator().validate(platform_root(), "one_window.bpmn")


def test_every_element_is_drawn():
    root = platform_root()
    drawn = {e.get("bpmnElement") for e in root.iter(f"{{{DI}}}BPMNShape", f"{{{DI}}}BPMNEdge")}
    process = root.find("bpmn:process", NSMAP)
    elements = {e.get("id") for e in process if e.get("id") and etree.QName(e).localname != "laneSet"}
    lanes = {lane.get("id") for lane in process.iterfind(".//bpmn:lane", NSMAP)}
    assert elements | lanes <= drawn


def test_lanes_and_steps():
    process = platform_root().find("bpmn:process", NSMAP)
    lanes = {
        ref.text: lane.get("name")
        for lane in process.iterfind(".//bpmn:lane", NSMAP)
        for ref in lane.iterfind("bpmn:flowNodeRef", NSMAP)
    }
    assert lanes["window_review"] == "window"
    assert lanes["applicant_supplement"] == "applicant"
    assert lanes["output_issue"] == "output"
    call = process.find("bpmn:callActivity", NSMAP)
    assert (call.get("id"), call.get("calledElement")) == ("item_approval", "item_approval")


def test_manual_task_runs_as_a_formless_human_step():
    path = CONFORMANCE / "spiff-arena" / "task_assigned_to_group" / "task_assigned_to_group.bpmn"
    pkg = ApprovalPackage("Process_1", {"t.bpmn": path.read_text()}, [])
    case = start_case(case_spec("manual-task", pkg.to_json()), {})
    case.complete_task(case.ready_user_tasks()[0].task_id, ACCEPT)
    [task] = case.ready_user_tasks()
    assert task.element_id == "ManualTask_1" and task.form_file is None and task.in_item
    case.complete_task(task.task_id, {})
    assert ready_ids(case) == ["output_issue"]
    assert case.data["approved"] is True
