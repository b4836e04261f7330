"""Multi-instance user tasks: a countersign by every member of a panel, one decision stored per member.

The collection is an expression over the case data: the task's ``collection`` property (``form["panel"]``), or
its loopDataInputRef, which the BPMN schema limits to a name or dotted path (``form.panel``). Unless the modeler
names an output (loopDataOutputRef + outputDataItem), the decisions are collected under the task's id as a list,
one ``{"member": ..., **decision}`` per instance, so parallel members never overwrite each other.
"""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.specs.data_spec import TaskDataReference
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.spiff.parser.task_spec import UserTaskParser

DEFAULT_OUTPUT_SUFFIX = "__decision"


class CollectionReference(TaskDataReference):
    """A multi-instance input evaluated as a sandboxed expression over the task's data."""

    def get(self, my_task: Any) -> Any:
        return my_task.workflow.script_engine.evaluate(my_task, self.bpmn_id)

    def exists(self, my_task: Any) -> bool:
        return True

    def set(self, my_task: Any, value: Any) -> None:
        raise ValueError(f"the collection {self.bpmn_id!r} of a multi-instance task is read-only")


class PlatformUserTaskParser(UserTaskParser):
    """User tasks; a multi-instance one takes its collection from an expression and keeps every decision."""

    def _add_multiinstance_task(self, loop_characteristics: Any) -> None:
        prefix = "bpmn:multiInstanceLoopCharacteristics"
        properties = self.parse_extensions().get("properties", {})
        loop_input = self.xpath(f"./{prefix}/bpmn:loopDataInputRef")
        collection = properties.get("collection") or ((loop_input[0].text or "").strip() if loop_input else None)
        if loop_input:
            # SpiffWorkflow would read it as a plain variable name; hide it and pass the expression instead.
            position = loop_characteristics.index(loop_input[0])
            loop_characteristics.remove(loop_input[0])
            try:
                self._add_with_collection(loop_characteristics, collection)
            finally:
                loop_characteristics.insert(position, loop_input[0])
        elif collection:
            self._add_with_collection(loop_characteristics, collection)
        else:
            super()._add_multiinstance_task(loop_characteristics)
        _default_output(self.task)

    def _add_with_collection(self, loop_characteristics: Any, collection: str | None) -> None:
        cardinality = self.xpath("./bpmn:multiInstanceLoopCharacteristics/bpmn:loopCardinality")
        if cardinality:
            self.raise_validation_exception("a multi-instance task has either a collection or a cardinality")
        # Give the parent parser a placeholder cardinality, then swap in the collection.
        placeholder = loop_characteristics.makeelement(
            f"{{{loop_characteristics.nsmap.get('bpmn', _BPMN)}}}loopCardinality"
        )
        placeholder.text = "0"
        loop_characteristics.insert(0, placeholder)
        try:
            super()._add_multiinstance_task(loop_characteristics)
        finally:
            loop_characteristics.remove(placeholder)
        self.task.cardinality = None
        self.task.data_input = CollectionReference(collection or "")


_BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def _default_output(task: Any) -> None:
    if not isinstance(task, MultiInstanceTask):
        return
    if task.data_output is None:
        task.data_output = TaskDataReference(task.bpmn_id)
    if task.output_item is None:
        task.output_item = TaskDataReference(task.bpmn_id + DEFAULT_OUTPUT_SUFFIX)


def instance_of(task: Any) -> tuple[MultiInstanceTask, Any] | None:
    """(the multi-instance spec, this instance's item) if ``task`` is one instance of a multi-instance task."""
    parent = task.parent
    spec = getattr(parent, "task_spec", None)
    if not isinstance(spec, MultiInstanceTask) or spec.task_spec != task.task_spec.name:
        return None
    if spec.input_item is not None and spec.input_item.exists(task):
        return spec, spec.input_item.get(task)
    return spec, task.internal_data.get("item", task.internal_data.get("key_or_index"))


def record_decision(task: Any, element_id: str, decision: dict[str, Any]) -> None:
    """Store a user task's decision; one instance of a multi-instance task also fills its output item."""
    task.data[element_id] = decision
    found = instance_of(task)
    if found is None:
        return
    spec, item = found
    assert spec.output_item is not None
    if spec.output_item.bpmn_id.endswith(DEFAULT_OUTPUT_SUFFIX):
        task.data[spec.output_item.bpmn_id] = {"member": item, **decision}
    else:
        task.data[spec.output_item.bpmn_id] = decision


def decision_key(task: Any) -> str:
    """Where the case data keeps a completed user task's decision(s): its id, or its multi-instance output."""
    found = instance_of(task)
    if found is None:
        return str(task.task_spec.bpmn_id)
    spec, _ = found
    assert spec.data_output is not None
    return str(spec.data_output.bpmn_id)
