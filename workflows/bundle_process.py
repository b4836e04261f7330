"""A bundle's orchestration (一件事), generated rather than drawn.

The platform's own window acceptance (with supplement and decline, as for any item), then a parallel split with
one call activity per member item, each calling that member's own published approval process, then a parallel
join and one output step that hands out every member's result. Each member call ends by recording the member's
result under its own key (``member_<key>``); after the join one script settles the bundle's ``approved``: every
member approved when the bundle is all-or-nothing, at least one otherwise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from workflows.errors import BpmnError, BpmnProblem
from workflows.package import ApprovalPackage, ItemUserTask
from workflows.parsing import NSMAP, read_xml
from workflows.specs import MEMBER_CALL_PREFIX

BUNDLE_FILE = "bundle.bpmn"
# The bundle's own window form: the platform's, plus which part of the merged form a supplement request targets.
BUNDLE_WINDOW_FORM = "bundle_window_review.schema.json"
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


@dataclass(frozen=True)
class BundleMember:
    """One member of a bundle: its section key (the item's code), name, department and approval package."""

    key: str
    name: str
    department: str
    package: ApprovalPackage


def member_call_id(key: str) -> str:
    """The call activity (and the case variable holding its result) of member ``key``."""
    return MEMBER_CALL_PREFIX + re.sub(r"[^A-Za-z0-9_]", "_", key)


def member_result(data: dict[str, Any], key: str) -> bool | None:
    """True / False once member ``key``'s approval has ended in a case's data, None while it runs."""
    result = data.get(member_call_id(key))
    return result.get("approved") if isinstance(result, dict) else None


def is_bundle_package(package_json: str) -> bool:
    """Whether an approval package (JSON) is a bundle's, cheaply: the generated process file is in it."""
    return f'"{BUNDLE_FILE}"' in package_json


def compose_orchestration(process_id: str, name: str, members: Sequence[BundleMember], all_or_nothing: bool) -> str:
    """The bundle's approval package as JSON (see :class:`ApprovalPackage`): the generated bundle process plus
    every member's own files. Raises BpmnError when members cannot run side by side (the same process id)."""
    problems: list[BpmnProblem] = []
    files: dict[str, str] = {}
    owner: dict[str, str] = {}
    for member in members:
        if not _KEY.match(member.key):
            problems.append(BpmnProblem(member.key, member.name, "成员事项编码只能含字母、数字、-、_"))
        for file_name, text in member.package.files.items():
            for pid in _process_ids(text, file_name):
                if pid in owner and owner[pid] != member.key:
                    problems.append(
                        BpmnProblem(
                            pid, member.name, f"流程编号 {pid} 与成员事项 {owner[pid]} 的流程重复，无法并行调用"
                        )
                    )
                owner.setdefault(pid, member.key)
            files[f"{member_call_id(member.key)}/{file_name}"] = _prefix_forms(
                text, file_name, member_call_id(member.key)
            )
    if problems:
        raise BpmnError(problems)
    files[BUNDLE_FILE] = bundle_bpmn(process_id, name, members, all_or_nothing)
    user_tasks: list[ItemUserTask] = [
        t._replace(form_file=member_form_file(member_call_id(m.key), t.form_file) if t.form_file else None)
        for m in members
        for t in m.package.user_tasks
    ]
    package = ApprovalPackage(process_id, files, user_tasks)
    raw = json.loads(package.to_json())
    raw["bundle"] = {
        "members": [{"key": m.key, "process_id": m.package.process_id, "call": member_call_id(m.key)} for m in members],
        "all_or_nothing": all_or_nothing,
    }
    return json.dumps(raw, ensure_ascii=False, sort_keys=True)


FORM_PROPERTIES = ("formJsonSchemaFilename", "formUiSchemaFilename")


def member_form_file(call: str, form_file: str) -> str:
    """A member's decision form as the bundle names it: members may each have a ``decision.schema.json``."""
    return f"{call}/{form_file}"


def _prefix_forms(text: str, file_name: str, call: str) -> str:
    root = read_xml(text, file_name)
    for prop in root.iter(f"{{{NSMAP['spiffworkflow']}}}property"):
        if prop.get("name") in FORM_PROPERTIES and prop.get("value"):
            prop.set("value", member_form_file(call, prop.get("value", "")))
    return etree.tostring(root, encoding="unicode")


def _process_ids(text: str, file_name: str) -> list[str]:
    root = read_xml(text, file_name)
    return [p.get("id", "") for p in root.iterfind("bpmn:process", NSMAP)]


def bundle_bpmn(process_id: str, name: str, members: Sequence[BundleMember], all_or_nothing: bool) -> str:
    """The bundle process as BPMN 2.0 XML: one-window acceptance, members in parallel, one issue."""
    calls = [member_call_id(m.key) for m in members]
    joiner = " and " if all_or_nothing else " or "
    settle = "approved = " + joiner.join(f'{call}["approved"] == True' for call in calls)
    member_nodes = "\n".join(
        f'    <bpmn:callActivity id="{call}" name={quoteattr(m.name)} calledElement={quoteattr(m.package.process_id)}>'
        f"<bpmn:incoming>flow_split_{call}</bpmn:incoming><bpmn:outgoing>flow_join_{call}</bpmn:outgoing>"
        f"</bpmn:callActivity>"
        for call, m in zip(calls, members, strict=True)
    )
    member_flows = "\n".join(
        f'    <bpmn:sequenceFlow id="flow_split_{call}" sourceRef="bundle_split" targetRef="{call}" />\n'
        f'    <bpmn:sequenceFlow id="flow_join_{call}" sourceRef="{call}" targetRef="bundle_join" />'
        for call in calls
    )
    refs = "".join(f"<bpmn:flowNodeRef>{call}</bpmn:flowNodeRef>" for call in calls)
    split_out = "".join(f"<bpmn:outgoing>flow_split_{call}</bpmn:outgoing>" for call in calls)
    join_in = "".join(f"<bpmn:incoming>flow_join_{call}</bpmn:incoming>" for call in calls)
    return _TEMPLATE.format(
        process_id=process_id,
        name=escape(name),
        refs=refs,
        member_nodes=member_nodes,
        member_flows=member_flows,
        split_out=split_out,
        join_in=join_in,
        settle=escape(settle),
        window_form=BUNDLE_WINDOW_FORM,
    )


_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Definitions_{process_id}" \
targetNamespace="http://yichuang.example/bundle">
  <bpmn:collaboration id="Collaboration_{process_id}">
    <bpmn:participant id="Participant_{process_id}" name="{name}" processRef="{process_id}" />
  </bpmn:collaboration>
  <bpmn:process id="{process_id}" name="{name}" isExecutable="true">
    <bpmn:laneSet id="LaneSet_{process_id}">
      <bpmn:lane id="Lane_applicant" name="applicant"><bpmn:flowNodeRef>applicant_supplement</bpmn:flowNodeRef>\
</bpmn:lane>
      <bpmn:lane id="Lane_window" name="window"><bpmn:flowNodeRef>start_submitted</bpmn:flowNodeRef>\
<bpmn:flowNodeRef>window_review</bpmn:flowNodeRef><bpmn:flowNodeRef>gateway_window_decision</bpmn:flowNodeRef>\
<bpmn:flowNodeRef>end_declined</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="Lane_approval" name="approval"><bpmn:flowNodeRef>bundle_split</bpmn:flowNodeRef>{refs}\
<bpmn:flowNodeRef>bundle_join</bpmn:flowNodeRef><bpmn:flowNodeRef>bundle_settle</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="Lane_output" name="output"><bpmn:flowNodeRef>output_issue</bpmn:flowNodeRef>\
<bpmn:flowNodeRef>end_finished</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start_submitted" name="申请已提交"><bpmn:outgoing>flow_to_window_review</bpmn:outgoing>\
</bpmn:startEvent>
    <bpmn:userTask id="window_review" name="综合窗口受理">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="formJsonSchemaFilename" value="{window_form}" />
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>flow_to_window_review</bpmn:incoming><bpmn:incoming>flow_resubmitted</bpmn:incoming>
      <bpmn:outgoing>flow_to_decision</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gateway_window_decision" name="受理决定?" default="flow_accept">
      <bpmn:incoming>flow_to_decision</bpmn:incoming><bpmn:outgoing>flow_supplement</bpmn:outgoing>
      <bpmn:outgoing>flow_decline</bpmn:outgoing><bpmn:outgoing>flow_accept</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="applicant_supplement" name="申请人补正">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="formJsonSchemaFilename" value="applicant_supplement.schema.json" />
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>flow_supplement</bpmn:incoming><bpmn:outgoing>flow_resubmitted</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end_declined" name="不予受理"><bpmn:incoming>flow_decline</bpmn:incoming></bpmn:endEvent>
    <bpmn:parallelGateway id="bundle_split" name="各部门并联审批"><bpmn:incoming>flow_accept</bpmn:incoming>\
{split_out}</bpmn:parallelGateway>
{member_nodes}
    <bpmn:parallelGateway id="bundle_join" name="汇总审批结果">{join_in}<bpmn:outgoing>flow_to_settle</bpmn:outgoing>\
</bpmn:parallelGateway>
    <bpmn:scriptTask id="bundle_settle" name="确定出件结果"><bpmn:incoming>flow_to_settle</bpmn:incoming>\
<bpmn:outgoing>flow_to_output</bpmn:outgoing><bpmn:script>{settle}</bpmn:script></bpmn:scriptTask>
    <bpmn:userTask id="output_issue" name="出件窗口">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="formJsonSchemaFilename" value="output_issue.schema.json" />
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>flow_to_output</bpmn:incoming><bpmn:outgoing>flow_to_finished</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end_finished" name="办结"><bpmn:incoming>flow_to_finished</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="flow_to_window_review" sourceRef="start_submitted" targetRef="window_review" />
    <bpmn:sequenceFlow id="flow_to_decision" sourceRef="window_review" targetRef="gateway_window_decision" />
    <bpmn:sequenceFlow id="flow_supplement" name="补正" sourceRef="gateway_window_decision" \
targetRef="applicant_supplement">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">window_review["decision"] == "supplement"\
</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="flow_resubmitted" name="重新提交" sourceRef="applicant_supplement" \
targetRef="window_review" />
    <bpmn:sequenceFlow id="flow_decline" name="不予受理" sourceRef="gateway_window_decision" targetRef="end_declined">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">window_review["decision"] == "decline"\
</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="flow_accept" name="受理" sourceRef="gateway_window_decision" targetRef="bundle_split" />
{member_flows}
    <bpmn:sequenceFlow id="flow_to_settle" sourceRef="bundle_join" targetRef="bundle_settle" />
    <bpmn:sequenceFlow id="flow_to_output" sourceRef="bundle_settle" targetRef="output_issue" />
    <bpmn:sequenceFlow id="flow_to_finished" sourceRef="output_issue" targetRef="end_finished" />
  </bpmn:process>
</bpmn:definitions>
"""
