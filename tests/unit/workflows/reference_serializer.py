"""The state serializer as it was before the fast codec: SpiffWorkflow's converters with the specs left out.

States in databases were written by this code (``workflows/serializer.py`` up to commit cfa7f8c). The fast codec
in :mod:`workflows.serializer` must write the same JSON and read it back into the same workflow; the tests
compare the two on every state they can reach.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnSubWorkflowConverter,
    BpmnWorkflowConverter,
    WorkflowConverter,
)
from SpiffWorkflow.bpmn.serializer.helpers.registry import DefaultRegistry
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from workflows.case_bpmn_workflow import CaseBpmnWorkflow, CaseSubprocess
from workflows.serializer import STATE_FORMAT
from workflows.specs import ITEM_APPROVAL


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
        workflow = self.target_class(spec, subprocess_specs, script_engine=script_engine, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _make_serializer() -> BpmnWorkflowSerializer:
    # The case classes are written under their SpiffWorkflow names; registered first, so that reading still
    # builds the plain SpiffWorkflow classes, as the old code did.
    registry = DefaultRegistry()
    StateOnlyWorkflowConverter(CaseBpmnWorkflow, registry, typename="BpmnWorkflow")
    BpmnSubWorkflowConverter(CaseSubprocess, registry, typename="BpmnSubWorkflow")
    config = dict(SPIFF_CONFIG)
    config[BpmnWorkflow] = StateOnlyWorkflowConverter
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config, registry), version=STATE_FORMAT)


SERIALIZER = _make_serializer()


def reference_dump(workflow: BpmnWorkflow) -> str:
    """The state as the old serializer wrote it."""
    return SERIALIZER.serialize_json(workflow)


def reference_load(state: str, spec: Any, subprocess_specs: dict[str, Any], script_engine: Any) -> BpmnWorkflow:
    """The workflow the old serializer read from ``state`` (no checks: the state is known to be good)."""
    dct = json.loads(state)
    dct.pop(BpmnWorkflowSerializer.VERSION_KEY)
    dct.pop("item_process")
    return SERIALIZER.from_dict(dct, spec=spec, subprocess_specs=subprocess_specs, script_engine=script_engine)
