"""The admin CLI check over real modelers' files: runnable, or each element that is not, never a traceback."""

from __future__ import annotations

import pytest

from tests.unit.workflows.helpers import BPMN, CONFORMANCE
from workflows.camunda import translate_juel
from workflows.check import check_bpmn_files

CAMUNDA_TASK = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="camunda_item" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="review" name="Review" camunda:candidateGroups="scjg">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:exclusiveGateway id="gw" default="f4"><bpmn:incoming>f2</bpmn:incoming>
      <bpmn:outgoing>f3</bpmn:outgoing><bpmn:outgoing>f4</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:endEvent id="ok"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="no"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="gw"/>
    <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="ok">
      <bpmn:conditionExpression>${CONDITION}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" sourceRef="gw" targetRef="no"/>
  </bpmn:process>
</bpmn:definitions>"""


def run(paths):
    lines: list[str] = []
    code = check_bpmn_files([str(p) for p in paths], out=lines.append)
    return code, "\n".join(lines)


def verdicts(output: str) -> dict[str, str]:
    return {
        line.rsplit(": ", 1)[0].rsplit("/", 1)[-1]: line.rsplit(": ", 1)[1]
        for line in output.splitlines()
        if not line.startswith(" ")
    }


EXPECTED = {
    "exampleProcess.bpmn": "not runnable",  # Java delegate class
    "mainProcess.bpmn": "runnable",  # calls subProcess
    "order-handling.bpmn": "not runnable",  # external tasks, timer start, conditional boundary event
    "retry-example.bpmn": "not runnable",  # Java delegates
    "subProcess.bpmn": "runnable",  # its task outside lanes is the item's department's
    "call_activity_level_2.bpmn": "runnable",
    "call_activity_level_2b.bpmn": "runnable",
    "call_activity_level_3.bpmn": "runnable",
    "call_activity_nested.bpmn": "runnable",
    "read_etc_passwd.bpmn": "not runnable",
    "lanes.bpmn": "runnable",
    "lanes_with_extra_tasks.bpmn": "runnable",
    "lanes_with_lane_owners.bpmn": "not runnable",
    "lanes_with_owner_dict.bpmn": "not runnable",
    "multiinstance_user_task_sequential.bpmn": "runnable",
    "simple_form.bpmn": "not runnable",
    "step_through_gateway.bpmn": "runnable",  # manual tasks outside lanes: the item's department's
    "task_assigned_to_group.bpmn": "runnable",
    "terminate-end-event.bpmn": "runnable",
    "timer_intermediate_catch_event.bpmn": "runnable",
    "user_task_with_short_timer.bpmn": "runnable",
    "user_task_with_timer.bpmn": "runnable",
    "invoice.bpmn": "not runnable",
}


@pytest.mark.slow  # reads every file of the conformance corpus
def test_every_conformance_file_gets_a_verdict():
    paths = sorted(CONFORMANCE.rglob("*.bpmn"))
    code, output = run(paths)
    assert code == 1
    assert "Traceback" not in output
    assert verdicts(output) == EXPECTED
    assert "read_etc_passwd (Read /etc/passwd): script" in output
    assert "'open' is not allowed" in output
    assert "org.camunda.bpm.example.delegate.ServiceTaskOneDelegate" in output
    assert "Task_06z99p1 (Create Invoice): Camunda 外部任务" in output and "(Camunda external task (topic" in output


@pytest.mark.parametrize("folder", ["user-task-with-timer", "multiinstance_user_task_sequential"])
def test_tasks_outside_lanes_are_noted_not_refused(folder):
    code, output = run(sorted((CONFORMANCE / "spiff-arena" / folder).glob("*.bpmn")))
    assert code == 0, output
    assert "不在任何泳道中，发布后由事项所属部门办理" in output


def test_entity_file_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    template = (CONFORMANCE / "spiff-arena" / "xml_with_entity" / "invoice.bpmn").read_text()
    path = tmp_path / "invoice.bpmn"
    path.write_text(template.replace("{{FULL_PATH_TO_FILE}}", str(secret)))
    code, output = run([path])
    assert code == 1 and "DOCTYPE" in output and "TOP-SECRET" not in output


def test_our_items_are_runnable_and_broken_ones_not():
    good = [
        BPMN / n
        for n in (
            "promised_item.bpmn",
            "joint_item.bpmn",
            "immediate_item.bpmn",
            "called_item_main.bpmn",
            "called_item_inspection.bpmn",
        )
    ]
    assert run(good)[0] == 0
    code, output = run(sorted(BPMN.glob("broken_*.bpmn")))
    assert code == 1
    # department codes are bound at publish; a task outside lanes is the item's department's (a note)
    bound_at_publish = {"broken_unknown_department.bpmn", "broken_no_lane.bpmn"}
    assert all(v == "not runnable" for k, v in verdicts(output).items() if k not in bound_at_publish)
    assert verdicts(output)["broken_no_lane.bpmn"] == "runnable" and "事项所属部门" in output


def test_camunda_candidate_group_and_juel_mapped(tmp_path):
    path = tmp_path / "camunda_item.bpmn"
    path.write_text(CAMUNDA_TASK.replace("CONDITION", "approved &amp;&amp; amount > 1000"))
    code, output = run([path])
    assert code == 0, output
    assert "candidate group 'scjg'" in output
    assert "approved and amount > 1000" in output


def test_untranslatable_juel_reported(tmp_path):
    path = tmp_path / "camunda_item.bpmn"
    path.write_text(CAMUNDA_TASK.replace("CONDITION", "execution.getVariable('x')"))
    code, output = run([path])
    assert code == 1 and "f3" in output and "cannot be translated" in output


def test_missing_and_garbage_files(tmp_path):
    garbage = tmp_path / "garbage.bpmn"
    garbage.write_bytes(b"\x00\x01 not xml")
    code, output = run([tmp_path / "missing.bpmn", garbage])
    assert code == 1 and "cannot read file" in output and "not well-formed" in output


@pytest.mark.parametrize(
    ("juel", "python"),
    [
        ("${approved}", "approved"),
        ("${!approved}", "not approved"),
        ("${amount > 1000}", "amount > 1000"),
        ("${a == 'x' || b eq true}", "a == 'x' or b == True"),
        ("#{x != null}", "x != None"),
    ],
)
def test_translate_juel(juel, python):
    assert translate_juel(juel) == python


def test_translate_juel_refuses_method_calls():
    assert translate_juel("${execution.getVariable('x')}") is None
    assert translate_juel("${bean.method()}") is None
