"""The approval path a brand-new item starts with: one decision step in its own department's lane.

A department admin who creates an item has no version to copy the path from, and publishing needs one; drawing a
first BPMN from nothing is the step where a form-and-guide author gets stuck. The starter is what most items do
(the department reviews and decides, with a conclusion and an opinion); the admin changes it in the modeler.
Plain Python: no Flask, no database.
"""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape, quoteattr

from admin.builder.model import model_to_schema
from admin.builder.targets import new_decision_model

DECISION_FILE = "decision.schema.json"
BPMN_FILE = "approval.bpmn"


def starter_process_id(item_code: str) -> str:
    """A process id from the item's code (unique like the code: bundles refuse two members with one process id)."""
    return "item_" + re.sub(r"[^A-Za-z0-9_]", "_", item_code).lower()


def starter_path(item_code: str, item_name: str, department_code: str, department_name: str) -> dict[str, str]:
    """The draft parts of a starter path: ``process_id``, ``bpmn`` (file name -> XML as JSON pairs are not used
    here: one file), and ``decision_forms`` (JSON text), ready for a Draft."""
    process_id = starter_process_id(item_code)
    task_id = re.sub(r"[^A-Za-z0-9_]", "_", department_code) + "_decide"
    schema, ui = model_to_schema(new_decision_model(f"{department_name}审核决定"))
    forms = {DECISION_FILE: {**schema, "x-ui": ui} if ui else schema}
    bpmn = _TEMPLATE.format(
        pid=process_id,
        name=quoteattr(f"{item_name} 审批流程"),
        lane=quoteattr(department_code),
        task=task_id,
        task_name=quoteattr(f"{department_name}审核决定"),
        doc=escape("审查申请材料，作出准予或不予许可的决定。"),
        form=DECISION_FILE,
    )
    return {
        "process_id": process_id,
        "bpmn": bpmn,
        "decision_forms": json.dumps(forms, ensure_ascii=False, indent=2),
    }


_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" \
xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" \
id="Definitions_{pid}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:collaboration id="Collaboration_{pid}">
    <bpmn:participant id="Participant_{pid}" name={name} processRef="{pid}" />
  </bpmn:collaboration>
  <bpmn:process id="{pid}" name={name} isExecutable="true">
    <bpmn:laneSet id="LaneSet_{pid}">
      <bpmn:lane id="Lane_{task}" name={lane}>
        <bpmn:flowNodeRef>StartEvent_accepted</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>{task}</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Event_done</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="StartEvent_accepted" name="已综合受理">
      <bpmn:outgoing>Flow_1</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="{task}" name={task_name}>
      <bpmn:documentation>{doc}</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="formJsonSchemaFilename" value="{form}" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="Event_done" name="作出决定">
      <bpmn:incoming>Flow_2</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_accepted" targetRef="{task}" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="{task}" targetRef="Event_done" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_{pid}">
    <bpmndi:BPMNPlane id="BPMNPlane_{pid}" bpmnElement="Collaboration_{pid}">
      <bpmndi:BPMNShape id="Participant_{pid}_di" bpmnElement="Participant_{pid}" isHorizontal="true">
        <dc:Bounds x="160" y="80" width="536" height="200" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_{task}_di" bpmnElement="Lane_{task}" isHorizontal="true">
        <dc:Bounds x="190" y="80" width="506" height="200" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="StartEvent_accepted_di" bpmnElement="StartEvent_accepted">
        <dc:Bounds x="244" y="152" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="{task}_di" bpmnElement="{task}">
        <dc:Bounds x="380" y="130" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Event_done_di" bpmnElement="Event_done">
        <dc:Bounds x="580" y="152" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1">
        <di:waypoint x="280" y="170" />
        <di:waypoint x="380" y="170" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2">
        <di:waypoint x="480" y="170" />
        <di:waypoint x="580" y="170" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""
