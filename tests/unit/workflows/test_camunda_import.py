"""Publishing Camunda Modeler files: translated on the way in, run through the platform process, or refused
naming each element; the admin CLI check and compile_approval give every file the same verdict."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from lxml import etree

from tests.unit.workflows.helpers import (
    ACCEPT,
    BPMN,
    CONFORMANCE,
    DEPARTMENTS,
    FORMS,
    ISSUE,
    REJECT,
    complete,
    files,
    ready,
    ready_ids,
    spec,
)
from workflows import BpmnError, case_spec, compile_approval, restore_case, start_case
from workflows.camunda import translate_juel
from workflows.check import check_bpmn_files
from workflows.parsing import NSMAP
from workflows.sandbox import evaluate

TWO_DEPARTMENTS = "camunda_two_departments.bpmn"
PROCESS = "camunda_restaurant_approval"
APPROVE = {"approved": True, "opinion": "符合条件"}
_keys = itertools.count()


def two_department_spec():
    pkg = compile_approval(files(TWO_DEPARTMENTS), process_id=PROCESS, departments=DEPARTMENTS, form_files=FORMS)
    return case_spec(f"camunda:{next(_keys)}", pkg.to_json())


def refusal(name: str, process_id: str, **kwargs) -> BpmnError:
    kwargs.setdefault("departments", DEPARTMENTS)
    kwargs.setdefault("form_files", FORMS)
    with pytest.raises(BpmnError) as info:
        compile_approval(files(name), process_id=process_id, **kwargs)
    return info.value


def only_problem(error: BpmnError, element_id: str):
    matching = [p for p in error.problems if p.element_id == element_id]
    assert len(matching) == 1, str(error)
    return matching[0]


# --- publishing and running -----------------------------------------------------------------------------------


def test_two_department_camunda_file_compiles_with_lanes_from_candidate_groups():
    pkg = compile_approval(files(TWO_DEPARTMENTS), process_id=PROCESS, departments=DEPARTMENTS, form_files=FORMS)
    assert pkg.user_tasks == [
        ("Activity_market_review", "市场监管审查", "scjg", "review.schema.json"),
        ("Activity_health_review", "卫生健康审查", "wsjk", "review.schema.json"),
    ]
    assert pkg.departments == ["scjg", "wsjk"]
    stored = etree.fromstring(pkg.files[TWO_DEPARTMENTS].encode())
    lanes = {
        lane.get("name"): [r.text for r in lane.iterfind("bpmn:flowNodeRef", NSMAP)]
        for lane in stored.iterfind(".//bpmn:lane", NSMAP)
    }
    assert lanes == {"scjg": ["Activity_market_review"], "wsjk": ["Activity_health_review"]}
    conditions = [c.text for c in stored.iterfind(".//bpmn:conditionExpression", NSMAP)]
    assert conditions == ["approved", "not approved", "approved", "not approved"]
    assert "${" not in pkg.files[TWO_DEPARTMENTS].split("<bpmndi:")[0]


def test_camunda_approval_runs_end_to_end_approved():
    case = start_case(two_department_spec(), {"shop_name": "老王面馆"})
    complete(case, "window_review", ACCEPT)
    market = ready(case, "Activity_market_review")
    assert (market.lane, market.form_file, market.in_item, market.process_id, market.assignee) == (
        "scjg",
        "review.schema.json",
        True,
        PROCESS,
        None,
    )
    complete(case, "Activity_market_review", APPROVE)
    health = ready(case, "Activity_health_review")
    assert (health.lane, health.form_file, health.assignee) == ("wsjk", "review.schema.json", "wang_wu")
    case = restore_case(case.spec, case.dumps())  # the stored state needs nothing Camunda-specific either
    complete(case, "Activity_health_review", {"approved": True, "opinion": "卫生达标"})
    assert ready_ids(case) == ["output_issue"]
    complete(case, "output_issue", ISSUE)
    assert case.outcome == "approved"
    steps = case.completed_steps()
    assert [(s["element_id"], s["lane"]) for s in steps] == [
        ("window_review", "window"),
        ("Activity_market_review", "scjg"),
        ("Activity_health_review", "wsjk"),
        ("output_issue", "output"),
    ]
    assert case.data["Activity_market_review"] == APPROVE  # the decision is still kept under the task's id
    assert case.data["form"] == {"shop_name": "老王面馆"}


def test_camunda_approval_rejected_by_first_department_skips_the_second():
    case = start_case(two_department_spec(), {})
    complete(case, "window_review", ACCEPT)
    complete(case, "Activity_market_review", REJECT)
    assert ready_ids(case) == ["output_issue"]
    complete(case, "output_issue", ISSUE)
    assert case.outcome == "rejected"
    assert "Activity_health_review" not in [s["element_id"] for s in case.completed_steps()]


def test_camunda_approval_rejected_by_second_department():
    case = start_case(two_department_spec(), {})
    complete(case, "window_review", ACCEPT)
    complete(case, "Activity_market_review", APPROVE)
    complete(case, "Activity_health_review", REJECT)
    complete(case, "output_issue", ISSUE)
    assert case.outcome == "rejected"


def test_a_decision_field_never_replaces_the_application_form():
    case = start_case(two_department_spec(), {"shop_name": "老王面馆"})
    complete(case, "window_review", ACCEPT)
    complete(case, "Activity_market_review", {**APPROVE, "form": "overwritten?"})
    assert case.data["form"] == {"shop_name": "老王面馆"}


def test_native_tasks_have_no_assignee_and_keep_decisions_under_their_id():
    case = start_case(spec("promised"), {"amount": 5000})
    complete(case, "window_review", ACCEPT)
    assert ready(case, "market_review").assignee is None
    complete(case, "market_review", {"approved": True, "note": "x"})
    assert "note" not in case.data


LANED = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://bpmn.io/schema/bpmn"
  exporter="Camunda Modeler" exporterVersion="5.20.0">
  <bpmn:process id="laned" isExecutable="true">
    <bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="Lane_1" name="scjg"><bpmn:flowNodeRef>in_lane</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="in_lane" name="A" camunda:candidateGroups="wsjk" camunda:formKey="review.schema.json">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:userTask id="same_group" name="B" camunda:candidateGroups="scjg" camunda:formKey="review.schema.json">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
    <bpmn:userTask id="new_group" name="C" camunda:candidateGroups=" cgj " camunda:formKey="forms/review.schema.json">
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="in_lane"/>
    <bpmn:sequenceFlow id="f2" sourceRef="in_lane" targetRef="same_group"/>
    <bpmn:sequenceFlow id="f3" sourceRef="same_group" targetRef="new_group"/>
    <bpmn:sequenceFlow id="f4" sourceRef="new_group" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>"""


def test_lane_wins_over_candidate_group_and_groups_join_existing_lanes():
    pkg = compile_approval(
        {"laned.bpmn": LANED.encode()}, process_id="laned", departments=DEPARTMENTS, form_files=FORMS
    )
    assert [(t.element_id, t.lane) for t in pkg.user_tasks] == [
        ("in_lane", "scjg"),
        ("same_group", "scjg"),
        ("new_group", "cgj"),
    ]
    assert len(re.findall(r"<bpmn:lane ", pkg.files["laned.bpmn"])) == 2


NESTED = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="nested" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:subProcess id="sub" name="S"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:startEvent id="s_start"><bpmn:outgoing>g1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:userTask id="inner" name="I" camunda:candidateGroups="wsjk" camunda:formKey="review.schema.json">
        <bpmn:incoming>g1</bpmn:incoming><bpmn:outgoing>g2</bpmn:outgoing></bpmn:userTask>
      <bpmn:endEvent id="s_end"><bpmn:incoming>g2</bpmn:incoming></bpmn:endEvent>
      <bpmn:sequenceFlow id="g1" sourceRef="s_start" targetRef="inner"/>
      <bpmn:sequenceFlow id="g2" sourceRef="inner" targetRef="s_end"/>
    </bpmn:subProcess>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>"""


def test_candidate_group_of_a_task_inside_an_embedded_sub_process_is_its_lane():
    pkg = compile_approval(
        {"nested.bpmn": NESTED.encode()}, process_id="nested", departments=DEPARTMENTS, form_files=FORMS
    )
    case = start_case(case_spec(f"camunda:{next(_keys)}", pkg.to_json()), {})
    complete(case, "window_review", ACCEPT)
    assert ready(case, "inner").lane == "wsjk"


# --- refusals ---------------------------------------------------------------------------------------------------


def test_unknown_candidate_group_refused_naming_the_task():
    error = refusal("camunda_unknown_group.bpmn", "camunda_unknown_group")
    p = only_problem(error, "Activity_unknown")
    assert p.element_name == "编办审查" and p.file == "camunda_unknown_group.bpmn"
    assert "candidate group 'xxbm' is not a department code" in p.message
    assert "cgj, scjg, wsjk" in p.message


def test_assignee_only_task_goes_to_the_items_department_with_the_person_as_a_hint():
    package = compile_approval(
        files("camunda_assignee_only.bpmn"),
        process_id="camunda_assignee_only",
        departments=DEPARTMENTS,
        form_files=FORMS,
        own_department="scjg",
    )
    [task] = [t for t in package.user_tasks if t.element_id == "Activity_assigned"]
    assert task.lane == "scjg"
    case = start_case(case_spec(f"camunda:{next(_keys)}", package.to_json()), {"applicant": "张三"})
    complete(case, "window_review", ACCEPT)
    assert ready(case, "Activity_assigned").assignee == "zhangsan"


def test_assignee_only_task_refused_when_the_items_department_is_not_known():
    p = only_problem(refusal("camunda_assignee_only.bpmn", "camunda_assignee_only"), "Activity_assigned")
    assert p.element_name == "张三审查" and "not in a lane" in p.message


def test_java_delegate_refused_naming_the_service_task():
    error = refusal("camunda_java_delegate.bpmn", "camunda_java_delegate")
    assert [p.element_id for p in error.problems] == ["Activity_send_licence"]
    assert error.problems[0].element_name == "推送证照"
    assert "Java delegate class 'gov.example.LicenceDelegate'" in error.problems[0].message


def test_untranslatable_juel_refused_naming_the_flow_and_expression():
    error = refusal("camunda_untranslatable_juel.bpmn", "camunda_untranslatable_juel")
    p = only_problem(error, "Flow_yes")
    assert "${execution.getVariable('x')}" in p.message and "cannot be translated" in p.message
    assert len(error.problems) == 1  # not also "does not parse" for the untranslated text


def test_every_unrunnable_extension_refused_per_element():
    error = refusal("camunda_unrunnable.bpmn", "camunda_unrunnable")
    reasons = {}
    for p in error.problems:
        reasons.setdefault(p.element_id, []).append(p.message)
    assert set(reasons) == {
        "Activity_listened",
        "Activity_delegate_expression",
        "Activity_expression",
        "Activity_external",
        "Activity_connector",
        "Activity_groovy",
        "Activity_case",
    }
    assert any("javascript taskListener" in m for m in reasons["Activity_listened"])
    assert any("Java executionListener" in m and "AuditListener" in m for m in reasons["Activity_listened"])
    assert "Java delegate expression" in reasons["Activity_delegate_expression"][0]
    assert "Java expression" in reasons["Activity_expression"][0]
    assert "external task (topic 'archive')" in reasons["Activity_external"][0]
    assert "connector 'http-connector'" in reasons["Activity_connector"][0]
    [groovy] = reasons["Activity_groovy"]
    assert groovy.startswith("脚本只能是 Python 表达式") and "groovy scripts cannot run" in groovy
    [case] = reasons["Activity_case"]
    assert case.startswith("调用 CMMN 案例无法在一窗运行") and "calls a CMMN case" in case


@pytest.mark.parametrize(
    ("attributes", "fragment"),
    [
        ('camunda:candidateGroups="scjg,wsjk"', "name several departments"),
        ('camunda:candidateGroups="${group}"', "expressions are not supported"),
        # without a lane or one group the task is the item's department's: refused only when that is not known
        ('camunda:candidateUsers="zhangsan,lisi"', "not in a lane"),
        ("", "not in a lane"),
    ],
)
def test_tasks_without_one_department_refused(attributes, fragment):
    text = LANED.replace('camunda:candidateGroups=" cgj "', attributes)
    with pytest.raises(BpmnError) as info:
        compile_approval({"laned.bpmn": text.encode()}, process_id="laned", departments=DEPARTMENTS, form_files=FORMS)
    p = only_problem(info.value, "new_group")
    assert fragment in p.message and p.element_name == "C"


def test_form_key_checked_against_uploaded_forms():
    error = refusal(TWO_DEPARTMENTS, PROCESS, form_files={"other.schema.json"})
    assert {p.element_id for p in error.problems} == {"Activity_market_review", "Activity_health_review"}
    assert all("'review.schema.json' is not among the uploaded form files" in p.message for p in error.problems)


def test_entity_in_a_camunda_file_refused_before_translation():
    text = (
        (BPMN / TWO_DEPARTMENTS)
        .read_text()
        .replace(
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        )
    )
    with pytest.raises(BpmnError) as info:
        compile_approval(
            {TWO_DEPARTMENTS: text.encode()}, process_id=PROCESS, departments=DEPARTMENTS, form_files=FORMS
        )
    assert "DOCTYPE" in str(info.value)


# --- JUEL -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("juel", "python"),
    [
        ("${approved}", "approved"),
        ("${!approved}", "not approved"),
        ("${not approved}", "not approved"),
        ("${amount > 1000}", "amount > 1000"),
        ("${a && b}", "a and b"),
        ("${a || b}", "a or b"),
        ("${x == 'y'}", "x == 'y'"),
        ("${x eq 'y' and n gt 3 or n lt 1}", "x == 'y' and n > 3 or n < 1"),
        ("${x ne null}", "x != None"),
        ("${n ge 1 && n le 9}", "n >= 1 and n <= 9"),
        ("${not empty x}", "not (x in (None, '', [], {}))"),
        ("${review.approved && form.amount > 10}", "review.approved and form.amount > 10"),
        ("${!a == b}", "(not a) == b"),  # JUEL's ! binds tighter than ==
        ("${x == 'a && b'}", "x == 'a && b'"),  # operators inside strings are left alone
        ("${(a || b) && !c}", "(a or b) and not c"),
    ],
)
def test_juel_translated(juel, python):
    assert translate_juel(juel) == python


@pytest.mark.parametrize(
    "juel",
    [
        "${execution.getVariable('x')}",
        "${bean.method()}",
        "${a ? b : c}",
        "${fn:contains(x, 'y')}",
        "${task.assignee == 'x'}",
        "${x instanceof y}",
        "${__class__}",
        "${a ==}",
        "${a in b}",
    ],
)
def test_juel_without_faithful_translation_refused(juel):
    assert translate_juel(juel) is None


@pytest.mark.parametrize(
    ("value", "empty"),
    [(None, True), ("", True), ([], True), ({}, True), (0, False), (False, False), ("x", False), ([0], False)],
)
def test_empty_means_what_juel_means(value, empty):
    assert evaluate(translate_juel("${empty x}"), {"x": value}) is empty
    assert evaluate(translate_juel("${not empty x}"), {"x": value}) is not empty


# --- the CLI check and publishing agree -------------------------------------------------------------------------


def _check_verdicts(paths: list[Path]) -> dict[str, str]:
    lines: list[str] = []
    check_bpmn_files([str(p) for p in paths], out=lines.append)
    return {Path(line.rsplit(": ", 1)[0]).name: line.rsplit(": ", 1)[1] for line in lines if not line.startswith(" ")}


def _compile_verdict(path: Path, folder: list[Path]) -> str:
    """compile_approval of the file's process with the files its call activities need, the departments its
    candidate groups name and the forms its form keys name."""
    roots = {p: etree.fromstring(p.read_bytes()) for p in folder}
    owners = {proc.get("id"): p for p, root in roots.items() for proc in root.iterfind("bpmn:process", NSMAP)}
    needed, pending = {path}, [path]
    while pending:
        for call in roots[pending.pop()].iterfind(".//bpmn:callActivity", NSMAP):
            target = owners.get(call.get("calledElement", ""))
            if target and target not in needed:
                needed.add(target)
                pending.append(target)
    texts = "".join(p.read_text() for p in needed)
    groups = {g.strip() for found in re.findall(r'camunda:candidateGroups="([^"]*)"', texts) for g in found.split(",")}
    forms = {re.split(r"[/:]", key)[-1] for key in re.findall(r'camunda:formKey="([^"]*)"', texts)}
    [process_id] = [proc.get("id") for proc in roots[path].iterfind("bpmn:process", NSMAP)]
    try:
        compile_approval(
            {p.name: p.read_bytes() for p in needed},
            process_id=process_id,
            departments=groups | {"scjg"},
            form_files=forms,
            own_department="scjg",  # every item has one: tasks outside lanes are its
        )
    except BpmnError as exc:
        # The CLI binds no decision forms (they come with the item version), so a task naming none is not its verdict.
        bound_at_publish = all("names no decision form" in p.message for p in exc.problems)
        return "runnable" if bound_at_publish else "not runnable"
    return "runnable"


CAMUNDA_CONFORMANCE = {
    "exampleProcess.bpmn": "not runnable",  # Java delegate class on its service task
    "mainProcess.bpmn": "runnable",  # calls subProcess
    "order-handling.bpmn": "not runnable",  # external tasks, timer start event, conditional boundary event
    "retry-example.bpmn": "not runnable",  # four Java delegate classes
    "subProcess.bpmn": "runnable",  # its user task (no lane, no group) is the item's department's
}


@pytest.mark.slow  # reads every file of the conformance corpus
@pytest.mark.parametrize("folder", ["conformance", "test material"])
def test_check_and_compile_give_every_camunda_file_the_same_verdict(folder):
    paths = (
        sorted((CONFORMANCE / "camunda").glob("*.bpmn"))
        if folder == "conformance"
        else sorted(BPMN.glob("camunda_*.bpmn"))
    )
    checked = _check_verdicts(paths)
    compiled = {p.name: _compile_verdict(p, paths) for p in paths}
    assert checked == compiled
    if folder == "conformance":
        assert checked == CAMUNDA_CONFORMANCE
    else:
        assert checked[TWO_DEPARTMENTS] == "runnable"


def test_main_process_runs_its_sub_process_task_in_the_items_department():
    folder = CONFORMANCE / "camunda"
    lines: list[str] = []
    check_bpmn_files([str(folder / "mainProcess.bpmn"), str(folder / "subProcess.bpmn")], out=lines.append)
    assert [line for line in lines if not line.startswith(" ")] == [
        f"{folder / 'mainProcess.bpmn'}: runnable",
        f"{folder / 'subProcess.bpmn'}: runnable",
    ]
    assert any("UserTask_0zlyiaz" in line and "事项所属部门" in line for line in lines)
    with pytest.raises(BpmnError) as info:
        compile_approval(
            {n: (folder / n).read_bytes() for n in ("mainProcess.bpmn", "subProcess.bpmn")},
            process_id="mainProcess",
            departments=DEPARTMENTS,
            own_department="scjg",
        )
    [problem] = info.value.problems  # in scjg's list now; publishing still wants its decision form
    assert problem.element_id == "UserTask_0zlyiaz" and "names no decision form" in problem.message
