"""Case state as JSON without the process definitions.

SpiffWorkflow's default serializer writes the whole spec and every subprocess spec into each workflow's JSON. The
definitions of a published item version never change, so Yichuang stores them once (the approval package) and
writes only the state of a case: tasks, their data deltas and subprocesses. Restoring binds the state to the
cached CaseSpec again.

The format is the one SpiffWorkflow's own converters write (``BpmnWorkflowConverter`` without ``spec`` and
``subprocess_specs``), and states in databases were written by them. Those converters dispatch every task, every
value and every id through a generic registry; a case is saved and restored on every request, so this module
writes and reads the same dictionaries directly, field by field, and leaves to the registry only what is not
plain JSON (typed values such as datetimes, and BPMN events in flight). Each task id is parsed once per restore
and the same UUID object is used wherever the id occurs, so the engine's many ``workflow.tasks`` lookups by parent
and child id find their key by identity.

States whose values are all plain JSON (strings, 64-bit integers, finite floats, booleans, null, lists and
string-keyed objects: nearly all) are written and read with orjson, which is several times faster than the json
module on these ~10 KB documents. Its output is compact UTF-8 JSON, the same document as json.dumps writes and
readable by any earlier version; a state holding anything else (a datetime a script left, NaN, a huge integer, a
BPMN event in flight) is written by the json module exactly as before, and read back by it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from copy import copy
from types import ModuleType
from typing import Any
from uuid import UUID

import orjson
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.bpmn.util.subworkflow import BpmnBaseWorkflow, BpmnSubWorkflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from workflows.case_bpmn_workflow import CaseBpmnWorkflow, CaseSubprocess
from workflows.specs import ITEM_APPROVAL

STATE_FORMAT = "yichuang-case-1"
VERSION_KEY = BpmnWorkflowSerializer.VERSION_KEY
TYPENAME = "typename"
_TYPENAME_KEY = f'"{TYPENAME}"'
_COMPACT_START = '{"data":{'  # how orjson output begins; the json module writes '{"data": {'

# The registry knows SpiffWorkflow's types (events, event definitions, datetimes, UUIDs...); only typed values in
# task data and BPMN events in flight need it.
_REGISTRY = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)
_ENCODER = BpmnWorkflowSerializer(_REGISTRY, version=STATE_FORMAT)._encoder_cls


def dump_state(workflow: BpmnWorkflow, id_text: dict[UUID, str] | None = None) -> str:
    """The workflow's state as JSON (no process definitions).

    The document SpiffWorkflow's ``serialize_json`` writes with the state-only workflow converter: compact if all
    values are plain JSON, else byte for byte the same. ``id_text`` caches task ids as text (each id is written up
    to four times per save); pass the dictionary :func:`load_state` filled, and keep passing it for the same
    workflow.
    """
    writer = _Writer({} if id_text is None else id_text)
    dct = writer.workflow_dict(workflow)
    dct["subprocesses"] = {writer.text(key): writer.subprocess_dict(sp) for key, sp in workflow.subprocesses.items()}
    dct["bpmn_events"] = workflow.bpmn_events  # rare; the encoder converts them through the registry
    item_spec = workflow.subprocess_specs.get(ITEM_APPROVAL)
    dct["item_process"] = item_spec.name if item_spec is not None else None
    dct[TYPENAME] = "BpmnWorkflow"
    dct[VERSION_KEY] = STATE_FORMAT
    if not workflow.bpmn_events and writer.plain():
        try:
            return orjson.dumps(dct).decode()
        except orjson.JSONEncodeError:  # an integer beyond 64 bits, say: the json module writes it exactly
            pass
    _REGISTRY._encoder_mode = True  # as serialize_json: values the encoder meets are converted for JSON
    try:
        return json.dumps(dct, cls=_ENCODER)
    finally:
        _REGISTRY._encoder_mode = False


def load_state(
    state: str,
    spec: Any,
    subprocess_specs: dict[str, Any],
    script_engine: Any,
    item_process: str | None,
    id_text: dict[UUID, str] | None = None,
) -> BpmnWorkflow:
    """Rebuild a workflow from :func:`dump_state` output and the (cached) specs it was started with.

    ``id_text``, if given, is filled with the text of every task id read, for :func:`dump_state`.
    """
    try:
        dct = _decode(state)
    except (TypeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a case state: {exc}") from None
    if not isinstance(dct, dict) or dct.pop(VERSION_KEY, None) != STATE_FORMAT:
        raise ValueError("not a case state written by this version of Yichuang")
    stored_item = dct.pop("item_process", None)
    if stored_item != item_process:
        raise ValueError(f"case state belongs to item process {stored_item!r}, not {item_process!r}")
    reader = _Reader(_restore_value if _has_typed_values(state, dct) else _as_is)
    workflow = CaseBpmnWorkflow(spec, subprocess_specs, script_engine=script_engine, deserializing=True)
    calls = reader.read_tasks(workflow, dct)
    reader.read_subprocesses(dct["subprocesses"], calls, workflow)
    workflow.bpmn_events = _REGISTRY.restore(dct.pop("bpmn_events", []))
    if id_text is not None:
        id_text.update((uuid, text) for text, uuid in reader.ids.items())
    return workflow


# --- writing ---


def is_plain(value: Any) -> bool:
    """Whether orjson writes ``value`` as the json module would, and reads it back as it was: only strings,
    integers, finite floats, booleans, None, and lists, tuples and string-keyed dicts of those (exact types)."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if kind is dict:
            for key in item:
                if type(key) is not str:
                    return False
            stack.extend(item.values())
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif kind is float:
            if item - item != 0:  # NaN or infinity, which orjson would write as null
                return False
        else:
            return False
    return True


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    """The registry's clean(): callables and modules are never stored."""
    return {k: v for k, v in obj.items() if not callable(v) and not isinstance(v, ModuleType)}


class _Writer:
    """Builds the dictionaries SpiffWorkflow's converters build (encoder mode), with task ids as cached text."""

    def __init__(self, id_text: dict[UUID, str]):
        self.id_text = id_text
        self.values: list[Any] = []  # data written; see plain()

    def checked(self, value: Any) -> Any:
        if value:
            self.values.append(value)
        return value

    def plain(self) -> bool:
        """Whether all data written is plain JSON (see is_plain)."""
        return is_plain(self.values)

    def text(self, uuid: UUID) -> str:
        found = self.id_text.get(uuid)
        if found is None:
            found = self.id_text[uuid] = str(uuid)
        return found

    def workflow_dict(self, workflow: BpmnBaseWorkflow) -> dict[str, Any]:
        tasks = workflow.tasks
        last_task = workflow.last_task
        return {
            "data": self.checked(_clean(workflow.data)),
            "correlations": self.checked(workflow.correlations),
            "last_task": self.text(last_task.id) if last_task is not None else None,
            "success": workflow.success,
            "completed": workflow.completed,
            "tasks": {self.text(key): self.task_dict(task, tasks) for key, task in tasks.items()},
            "root": self.text(workflow.task_tree.id),
        }

    def subprocess_dict(self, workflow: BpmnSubWorkflow) -> dict[str, Any]:
        dct = self.workflow_dict(workflow)
        dct["parent_task_id"] = self.text(workflow.parent_task_id)
        dct["spec"] = workflow.spec.name
        dct[TYPENAME] = "BpmnSubWorkflow"
        return dct

    def task_dict(self, task: Task, tasks: dict[UUID, Task]) -> dict[str, Any]:
        # Only what changed against the parent's data is written (SpiffWorkflow's TaskConverter does the same).
        parent = tasks.get(task._parent)
        data = task.data
        if parent is None:
            delta: dict[str, Any] = {}
            self.checked(data)
        else:
            before = parent.data
            delta = {
                "updates": {key: value for key, value in data.items() if key not in before or value != before[key]},
                "deletions": [key for key in before if key not in data],
            }
            self.checked(delta["updates"])
            self.checked(delta["deletions"])
            data = {}
        text = self.text
        return {
            "id": text(task.id),
            "parent": text(task._parent) if parent is not None else None,
            "children": [text(child) for child in task._children],
            "last_state_change": task.last_state_change,
            "state": task._state,
            "task_spec": task.task_spec.name,
            "triggered": task.triggered,
            "internal_data": self.checked(_clean(task.internal_data)),
            "data": data,
            "delta": delta,
            TYPENAME: "Task",
        }


# --- reading ---


def _decode(state: str) -> Any:
    """The JSON document; orjson reads what orjson wrote (plain values only), the json module everything else."""
    if isinstance(state, str) and state.startswith(_COMPACT_START):
        try:
            return orjson.loads(state)
        except orjson.JSONDecodeError:
            pass  # not ours after all: let the json module decide
    return json.loads(state)


def _has_typed_values(state: str, dct: dict[str, Any]) -> bool:
    """Whether any value in the state carries a registry typename (a datetime in task data, say).

    Every task and workflow dictionary has exactly one ``"typename"`` key; if the text holds no more than those,
    no data value needs the registry and the decoded JSON is used as it is.
    """
    structural = 1 + len(dct["tasks"]) + sum(1 + len(sp["tasks"]) for sp in dct["subprocesses"].values())
    return bool(dct.get("bpmn_events")) or state.count(_TYPENAME_KEY) != structural


def _as_is(value: Any) -> Any:
    return value


def _restore_value(value: Any) -> Any:
    """The registry's restore() for a decoded JSON value: dictionaries with a known typename become objects.

    A typename the registry does not know is data (a form field called "typename"), kept as a dictionary; the
    registry itself would fail on it and leave the case impossible to restore.
    """
    if type(value) is dict:
        if value.get(TYPENAME) in _REGISTRY.convert_from_dict:
            return _REGISTRY.restore(value)
        return {k: _restore_value(v) for k, v in value.items()}
    if type(value) is list:
        return [_restore_value(v) for v in value]
    return value


class _Reader:
    """Restores tasks and workflows as SpiffWorkflow's converters do, with one UUID object per task id."""

    def __init__(self, restore: Callable[[Any], Any]):
        self.restore = restore
        self.ids: dict[str, UUID] = {}

    def uuid(self, text: str) -> UUID:
        found = self.ids.get(text)
        if found is None:
            found = self.ids[text] = UUID(text)
        return found

    def read_tasks(self, workflow: BpmnBaseWorkflow, dct: dict[str, Any]) -> list[tuple[Task, str]]:
        """Tasks (parents before children, as written), root, and the workflow's own attributes; returns the call
        activities among the tasks, with their ids as text, in order."""
        calls = []
        for key, task_dct in dct["tasks"].items():
            task = self.read_task(task_dct, workflow)
            if isinstance(task.task_spec, SubWorkflowTask):
                calls.append((task, key))
        workflow.task_tree = workflow.tasks.get(self.uuid(dct["root"]))
        workflow.success = dct["success"]
        workflow.completed = dct.get("completed", False)
        workflow.correlations = dct.pop("correlations", {})
        if isinstance(dct["last_task"], str):
            workflow.last_task = workflow.tasks.get(self.uuid(dct["last_task"]))
        workflow.data = self.restore(dct.pop("data", {}))
        return calls

    def read_task(self, dct: dict[str, Any], workflow: BpmnBaseWorkflow) -> Task:
        """One task, exactly as SpiffWorkflow's TaskConverter.from_dict restores it."""
        task_spec = workflow.spec.task_specs.get(dct["task_spec"])
        task_id = self.uuid(dct["id"])
        parent_id = dct["parent"]
        parent_uuid = self.uuid(parent_id) if parent_id is not None else None
        task = _new_task(workflow, task_spec, dct["state"], task_id)
        task._parent = parent_uuid
        task._children = [self.uuid(child) for child in dct["children"]]
        task.last_state_change = dct["last_state_change"]
        task.triggered = dct["triggered"]
        task.internal_data = self.restore(dct["internal_data"])
        if isinstance(task_spec, CatchingEvent) and task._state & TaskState.WAITING:
            workflow.top_workflow.event_manager.add_task(task)
        delta = dct.get("delta")
        parent = workflow.tasks.get(parent_uuid)
        if delta and parent is not None:
            # DeepMerge.merge({}, parent.data): the parent's data with its containers copied one level deep
            data = {key: copy(value) if isinstance(value, _CONTAINERS) else value for key, value in parent.data.items()}
            data.update(self.restore(delta.get("updates", {})))
            for key in delta.get("deletions", {}):
                if key in data:
                    del data[key]
        else:
            data = self.restore(dct["data"])
        task.data = data
        return task

    def read_subprocesses(self, dct: dict[str, Any], calls: list[tuple[Task, str]], top: BpmnWorkflow) -> None:
        """The subprocesses of the given call activities (and theirs), parents before the subprocesses they call."""
        for task, key in calls:
            if key in dct:
                sp_dct = dct.pop(key)
                subprocess = CaseSubprocess(
                    top.subprocess_specs.get(task.task_spec.spec), task.id, top, deserializing=True
                )
                inner_calls = self.read_tasks(subprocess, sp_dct)
                top.subprocesses[task.id] = subprocess
                subprocess.completed_event.connect(task.task_spec._on_subworkflow_completed, task)
                self.read_subprocesses(dct, inner_calls, top)


_CONTAINERS = (dict, list, set)


def _new_task(workflow: BpmnBaseWorkflow, task_spec: Any, state: int, task_id: UUID) -> Task:
    """``Task(workflow, task_spec, state=state, id=task_id)`` without a parent, without its per-call overhead
    (tests compare every attribute with tasks the reference serializer restores)."""
    if not task_spec:  # SpiffWorkflow substitutes a start task; rare enough for the real constructor
        return Task(workflow, task_spec, state=state, id=task_id)
    task = _TASK_NEW(Task)
    task.id = task_id
    workflow.tasks[task_id] = task
    task.workflow = workflow
    task._parent = None
    task._children = []
    task._state = state
    task.triggered = False
    task.task_spec = task_spec
    task.thread_id = Task.thread_id_pool
    task.data = {}
    task.internal_data = {}
    return task


_TASK_NEW = object.__new__
