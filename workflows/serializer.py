"""Case state as JSON without the process definitions.

SpiffWorkflow's default serializer writes the whole spec and every subprocess spec into each workflow's JSON. The
definitions of a published item version never change, so Yichuang stores them once (the approval package) and
writes only the state of a case: tasks, their data deltas and subprocesses. Restoring binds the state to the
cached CaseSpec again.
"""

from __future__ import annotations

import json
from typing import Any

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from workflows.specs import ITEM_APPROVAL

STATE_FORMAT = "yichuang-case-1"


class StateOnlyWorkflowConverter(BpmnWorkflowConverter):
    """Writes a top-level workflow without ``spec`` / ``subprocess_specs``; restores it against given specs."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        item_spec = workflow.subprocess_specs.get(ITEM_APPROVAL)
        dct["item_process"] = item_spec.name if item_spec is not None else None
        return dct

    def from_dict(
        self, dct: dict[str, Any], spec: Any = None, subprocess_specs: Any = None, script_engine: Any = None
    ) -> BpmnWorkflow:
        from uuid import UUID

        workflow = self.target_class(spec, subprocess_specs, script_engine=script_engine, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _make_serializer() -> BpmnWorkflowSerializer:
    config = dict(SPIFF_CONFIG)
    config[BpmnWorkflow] = StateOnlyWorkflowConverter
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config), version=STATE_FORMAT)


_SERIALIZER = _make_serializer()


def dump_state(workflow: BpmnWorkflow) -> str:
    """The workflow's state as JSON (no process definitions)."""
    return _SERIALIZER.serialize_json(workflow)


def load_state(
    state: str, spec: Any, subprocess_specs: dict[str, Any], script_engine: Any, item_process: str
) -> BpmnWorkflow:
    """Rebuild a workflow from :func:`dump_state` output and the (cached) specs it was started with."""
    try:
        dct = json.loads(state)
    except (TypeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a case state: {exc}") from None
    if not isinstance(dct, dict) or dct.pop(BpmnWorkflowSerializer.VERSION_KEY, None) != STATE_FORMAT:
        raise ValueError("not a case state written by this version of Yichuang")
    stored_item = dct.pop("item_process", None)
    if stored_item != item_process:
        raise ValueError(f"case state belongs to item process {stored_item!r}, not {item_process!r}")
    return _SERIALIZER.from_dict(dct, spec=spec, subprocess_specs=subprocess_specs, script_engine=script_engine)
