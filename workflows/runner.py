"""Running cases: the platform process with an item's approval bound into its call activity."""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple
from uuid import UUID

from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import ErrorEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException, TaskNotFoundException
from SpiffWorkflow.spiff.specs.defaults import ManualTask, UserTask
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from workflows import tasktree
from workflows.actions import PlatformServiceTask, ServiceCall
from workflows.bundle_process import BUNDLE_FILE, is_bundle_package
from workflows.camunda import ASSIGNEE, DECISION_AS_VARIABLES
from workflows.case_bpmn_workflow import CaseBpmnWorkflow
from workflows.errors import BpmnError, BpmnProblem, DecisionError, TaskNotReady, WorkflowIncident
from workflows.multiinstance import instance_of, record_decision
from workflows.package import ApprovalPackage, build_parser
from workflows.parsing import PlatformParser, read_xml
from workflows.script_engine import SCRIPT_ENGINE
from workflows.serializer import dump_state, load_state
from workflows.specs import ITEM_APPROVAL, WINDOW_VERDICTS
from workflows.step_limits import step_limit_or_none
from workflows.timers import PLATFORM_TIMERS, IsWorkday

PLATFORM_PROCESS = "one_window"
WINDOW_DECISIONS = frozenset({"accept", "supplement", "decline", *WINDOW_VERDICTS})
SPEC_CACHE_SIZE = 512

HUMAN_TASKS = (UserTask, ManualTask)  # manual tasks are confirmation steps without a decision form
_SHOWN_STATES = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.COMPLETED | TaskState.ERROR


@dataclass(frozen=True)
class UserTaskInfo:
    """A ready user task as the task list needs it."""

    task_id: str
    element_id: str
    name: str
    lane: str | None
    form_file: str | None
    ui_file: str | None
    process_id: str
    in_item: bool
    instance: Any = None  # the panel member of one instance of a multi-instance task
    assignee: str | None = None  # a person named in the BPMN (camunda:assignee); a hint, the lane decides the list


class DueTimer(NamedTuple):
    """A timer waiting in a case: fire it with :meth:`CaseWorkflow.fire_due_timers` once ``fire_at`` passed."""

    task_id: str
    element_id: str
    fire_at: datetime


@dataclass(frozen=True)
class CaseSpec:
    """The platform process bound to one published item version's approval process (immutable, cached)."""

    version_key: str
    platform: BpmnProcessSpec
    subprocess_specs: dict[str, BpmnProcessSpec]
    item_process_id: str | None  # None for a bundle: its members' processes are called by their own ids


@lru_cache(maxsize=1)
def platform_spec() -> BpmnProcessSpec:
    """The platform one-window process, parsed once per interpreter."""
    content = resources.files("workflows.platform").joinpath("one_window.bpmn").read_bytes()
    parser = PlatformParser()
    parser.add_bpmn_xml(read_xml(content, "one_window.bpmn"), filename="one_window.bpmn")
    return parser.get_spec(PLATFORM_PROCESS)


_CACHE: OrderedDict[str, CaseSpec] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def case_spec(version_key: str, package_json: str | Callable[[], str]) -> CaseSpec:
    """The runnable spec of a published item version, built once per process and cached by ``version_key``.

    Versions are immutable, so the key alone identifies the spec; ``package_json`` is only read on a cache miss
    (pass a function returning it, and the caller does not even have to load it from its database).
    """
    with _CACHE_LOCK:
        cached = _CACHE.get(version_key)
        if cached is not None:
            _CACHE.move_to_end(version_key)
            return cached
    source = package_json() if callable(package_json) else package_json
    package = ApprovalPackage.from_json(source)
    built = (
        _build_bundle_spec(version_key, package)
        if is_bundle_package(source)
        else _build_case_spec(version_key, package)
    )
    with _CACHE_LOCK:
        _CACHE[version_key] = built
        while len(_CACHE) > SPEC_CACHE_SIZE:
            _CACHE.popitem(last=False)
    return built


def _build_case_spec(version_key: str, package: ApprovalPackage) -> CaseSpec:
    trees = {name: read_xml(text, name) for name, text in package.files.items()}
    try:
        parser = build_parser(trees, validate=False)  # validated when the package was compiled
        item = parser.get_spec(package.process_id)
        subprocess_specs = parser.get_subprocess_specs(package.process_id)
    except SpiffWorkflowException as exc:
        raise BpmnError([BpmnProblem(package.process_id, "", f"approval package cannot be built: {exc}")]) from None
    subprocess_specs[ITEM_APPROVAL] = item
    for process in subprocess_specs.values():
        connect_loop_children(process)
    return CaseSpec(version_key, platform_spec(), subprocess_specs, package.process_id)


def _build_bundle_spec(version_key: str, package: ApprovalPackage) -> CaseSpec:
    """A bundle's generated process as the platform process, with every member's processes as subprocesses."""
    members = {name: read_xml(text, name) for name, text in package.files.items() if name != BUNDLE_FILE}
    try:
        platform_parser = PlatformParser()
        platform_parser.add_bpmn_xml(read_xml(package.files[BUNDLE_FILE], BUNDLE_FILE), filename=BUNDLE_FILE)
        platform = platform_parser.get_spec(package.process_id)
        parser = build_parser(members, validate=False)  # each member's files were validated when it was published
        subprocess_specs: dict[str, BpmnProcessSpec] = {}
        for process_id in parser.get_process_ids():
            subprocess_specs[process_id] = parser.get_spec(process_id)
    except (SpiffWorkflowException, KeyError) as exc:
        raise BpmnError([BpmnProblem(package.process_id, "", f"bundle package cannot be built: {exc}")]) from None
    for process in subprocess_specs.values():
        connect_loop_children(process)
    return CaseSpec(version_key, platform, subprocess_specs, None)


def connect_loop_children(process: BpmnProcessSpec) -> None:
    """Let every multi-instance (and standard loop) task hear its instances complete, as spec deserialising does.

    SpiffWorkflow connects a loop task's ``merge_child`` to its instance spec only when it creates an instance, in
    that process, on that spec object. A case restored on a spec that never created one (another worker, or after
    a restart) would complete its instances without the loop task ever noticing, and the countersign would never
    end. Connecting once when the spec is built makes restoring independent of what the process ran before.
    """
    for task_spec in process.task_specs.values():
        if isinstance(task_spec, LoopTask):
            child = process.task_specs[task_spec.task_spec]
            if not child.completed_event.is_connected(task_spec.merge_child):
                child.completed_event.connect(task_spec.merge_child)


def start_case(spec: CaseSpec, form_data: dict[str, Any], is_workday: IsWorkday | None = None) -> CaseWorkflow:
    """Start a case with the submitted application form and run it until it waits for people.

    ``is_workday`` is the hall's calendar, for timers counted in working days (Monday–Friday when not given)."""
    workflow = CaseBpmnWorkflow(spec.platform, spec.subprocess_specs, script_engine=SCRIPT_ENGINE)
    workflow.task_tree.data = {"form": copy.deepcopy(form_data)}
    case = CaseWorkflow(spec, workflow, is_workday)
    case._run_engine()
    return case


def restore_case(spec: CaseSpec, state: str, is_workday: IsWorkday | None = None) -> CaseWorkflow:
    """Rebuild a case from :meth:`CaseWorkflow.dumps` output; raises ValueError if the state is not this spec's."""
    id_text: dict[UUID, str] = {}
    workflow = load_state(state, spec.platform, spec.subprocess_specs, SCRIPT_ENGINE, spec.item_process_id, id_text)
    case = CaseWorkflow(spec, workflow, is_workday)
    case._id_text = id_text
    return case


class CaseWorkflow:
    """One running case. Only this class touches the SpiffWorkflow workflow object."""

    def __init__(self, spec: CaseSpec, workflow: BpmnWorkflow, is_workday: IsWorkday | None = None):
        self.spec = spec
        self._workflow = workflow
        workflow.is_workday = is_workday  # read by working-day timers when they start waiting (workflows.timers)
        self._walks: dict[int, list[Task]] = {}  # the task tree walked once per min_state; see workflows.tasktree
        self._id_text: dict[UUID, str] = {}  # task ids as text, for dumps()

    def ready_user_tasks(self) -> list[UserTaskInfo]:
        """User tasks waiting for a person, in the platform process and inside the item's approval."""
        return [_task_info(t) for t in self._all_tasks(TaskState.READY) if isinstance(t.task_spec, HUMAN_TASKS)]

    def ready_step_limits(self) -> dict[str, int]:
        """Task id -> the step's own limit in working days, for the ready user tasks whose BPMN task carries one
        (workflows/step_limits.py); the others run on the case's limit. Kept apart from UserTaskInfo so what the
        runner reports for a stored state stays as it was."""
        limits = {}
        for task in self._all_tasks(TaskState.READY):
            if isinstance(task.task_spec, HUMAN_TASKS):
                days = step_limit_or_none(_properties(task))
                if days is not None:
                    limits[str(task.id)] = days
        return limits

    def complete_task(self, task_id: str, data: dict[str, Any]) -> None:
        """Record ``data`` as the decision of a ready user task (``data[element_id] = data``) and move on.

        Raises TaskNotReady if the task is unknown or not ready, DecisionError for a window decision the platform
        does not know, WorkflowIncident if a following step fails.
        """
        task = self._ready_user_task(task_id)
        element_id = task.task_spec.bpmn_id
        if task.workflow is self._workflow and element_id == "window_review":
            decision = data.get("decision") if isinstance(data, dict) else None
            if decision not in WINDOW_DECISIONS:
                raise DecisionError(f"window decision must be one of {sorted(WINDOW_DECISIONS)}, got {decision!r}")
        record_decision(task, element_id, copy.deepcopy(data))
        if task.workflow is self._workflow and element_id == "window_review" and data["decision"] in WINDOW_VERDICTS:
            task.data["approved"] = WINDOW_VERDICTS[data["decision"]]  # an immediate item decided at the window
        if _properties(task).get(DECISION_AS_VARIABLES) == "true" and instance_of(task) is None:
            _decision_as_variables(task, element_id, data)
        self._guarded(task.run, task)
        self._run_engine()

    def due_timers(self) -> list[DueTimer]:
        """Timers the case waits on (boundary timers of open tasks, intermediate timer events), earliest first."""
        timers = []
        for task in self._waiting_timers():
            fire_at = task.task_spec.event_definition.fire_at(task)
            if fire_at is not None:
                timers.append(DueTimer(str(task.id), task.task_spec.bpmn_id, fire_at))
        return sorted(timers, key=lambda t: t.fire_at)

    def fire_due_timers(self, now: datetime) -> list[DueTimer]:
        """Fire every timer whose time is at or before ``now`` (aware, or naive UTC) and move the case on.

        Returns the timers fired; a timer already fired (or cancelled with its task) is simply not there any more,
        so firing twice from the same state is impossible. Raises WorkflowIncident if a following step fails.
        """
        now = now if now.tzinfo else now.replace(tzinfo=UTC)
        due = [t for t in self.due_timers() if t.fire_at <= now]
        for timer in due:
            task = self._workflow.get_task_from_id(UUID(timer.task_id))
            if task is None or task.state != TaskState.WAITING:
                continue  # an interrupting timer fired just before cancelled this one
            task._set_internal_data(event_fired=True)
            self._guarded(lambda t=task: t.task_spec._update(t), task)
            self._run_engine()
        return due

    def pending_service_calls(self) -> list[ServiceCall]:
        """Platform actions the case waits for, each with its evaluated parameters."""
        calls = []
        for task in self._all_tasks(TaskState.STARTED):
            call = task.internal_data.get("service_call") if isinstance(task.task_spec, PlatformServiceTask) else None
            if call is not None:
                calls.append(
                    ServiceCall(str(task.id), task.task_spec.bpmn_id, call["action"], copy.deepcopy(call["params"]))
                )
        return calls

    def complete_service_call(self, task_id: str, result: Any) -> None:
        """Store the action's (JSON-able) result under the task's result variable and move the case on."""
        task = self._waiting_service_task(task_id)
        task.data[task.task_spec.result_variable] = copy.deepcopy(result)
        task.internal_data.pop("service_error", None)
        self._guarded(task.complete, task)
        self._run_engine()

    def fail_service_call(self, task_id: str, message: str) -> bool:
        """Report that the action failed for good. If an error boundary event is attached to the service task the
        case follows it (returns True); otherwise the task keeps waiting, so the call can be retried (False)."""
        task = self._waiting_service_task(task_id)
        task.internal_data["service_error"] = message
        boundary = self._error_boundary(task)
        if boundary is None:
            return False
        # Thrown with the boundary's own definition, so it matches whatever error code the boundary names.
        event = BpmnEvent(boundary.task_spec.event_definition, payload={"service_error": message}, target=task.workflow)
        self._guarded(lambda: self._workflow.catch(event), task)
        self._run_engine()
        return True

    def _error_boundary(self, task: Task) -> Task | None:
        for waiting in self._workflow.get_tasks(state=TaskState.WAITING):
            if (
                isinstance(getattr(waiting.task_spec, "event_definition", None), ErrorEventDefinition)
                and waiting.parent is task.parent
                and waiting.workflow is task.workflow
            ):
                return waiting
        return None

    def _waiting_service_task(self, task_id: str) -> Task:
        try:
            task = self._workflow.get_task_from_id(UUID(str(task_id)))
        except (ValueError, TaskNotFoundException):
            task = None
        if task is None or not isinstance(task.task_spec, PlatformServiceTask) or task.state != TaskState.STARTED:
            raise TaskNotReady(f"no waiting service call {task_id!r} in this case")
        return task

    def _waiting_timers(self) -> list[Task]:
        return [
            t
            for t in self._all_tasks(TaskState.WAITING)
            if isinstance(getattr(t.task_spec, "event_definition", None), PLATFORM_TIMERS)
        ]

    def update_form(self, form_data: dict[str, Any]) -> None:
        """Replace the application form (the applicant's correction after a supplement request).

        Allowed while the case waits at the window or with the applicant; raises TaskNotReady otherwise.
        """
        ready = [
            t
            for t in self._workflow.get_tasks(state=TaskState.READY, skip_subprocesses=True)
            if isinstance(t.task_spec, HUMAN_TASKS) and t.task_spec.bpmn_id in ("applicant_supplement", "window_review")
        ]
        if not ready:
            raise TaskNotReady("the form can only be changed while the case is at the window or with the applicant")
        for task in ready:
            task.data["form"] = copy.deepcopy(form_data)

    def correct_form(self, form_data: dict[str, Any]) -> None:
        """Replace the application form while the item's departments work on the case (补正 a department asked
        for after acceptance): every task that carries the form gets the corrected one, in the platform process
        and the item's approval alike, so gateway conditions, the merged data and later steps all read it.
        Decisions stay where they are (under their steps' ids)."""
        for task in self._workflow.get_tasks():
            if "form" in task.data:
                task.data["form"] = copy.deepcopy(form_data)

    @property
    def data(self) -> dict[str, Any]:
        """The case's current data (form, decisions by element id, approved...), merged over all active paths."""
        merged: dict[str, Any] = {}
        for task in sorted(self._all_tasks(_SHOWN_STATES), key=lambda t: t.last_state_change):
            merged.update(task.data)
        return merged

    @property
    def is_completed(self) -> bool:
        """True once the platform process has reached an end event."""
        return bool(self._workflow.completed)

    @property
    def outcome(self) -> str | None:
        """ "declined", "approved", "rejected" (finished with approved False), or None while running."""
        if not self.is_completed:
            return None
        ends = self._workflow.get_tasks(state=TaskState.COMPLETED, skip_subprocesses=True)
        if any(t.task_spec.bpmn_id == "end_declined" for t in ends):
            return "declined"
        return "approved" if self.data.get("approved") is True else "rejected"

    def dumps(self) -> str:
        """The case state as JSON, without process definitions (restore with restore_case and the CaseSpec)."""
        return dump_state(self._workflow, self._id_text)

    def completed_steps(self) -> list[dict[str, Any]]:
        """Completed user tasks in completion order, for the case timeline."""
        done = [t for t in self._all_tasks(TaskState.COMPLETED) if isinstance(t.task_spec, HUMAN_TASKS)]
        done.sort(key=lambda t: t.last_state_change)
        return [
            {
                "element_id": t.task_spec.bpmn_id,
                "name": t.task_spec.bpmn_name or t.task_spec.bpmn_id,
                "lane": t.task_spec.lane,
                "finished": datetime.fromtimestamp(t.last_state_change, UTC).isoformat(),
                "in_item": t.workflow is not self._workflow,
            }
            for t in done
        ]

    def _all_tasks(self, state: int) -> list[Task]:
        """``get_tasks(state=state)`` (descending into subprocesses), answered from one walk of the tree per
        min_state until an engine step changes the tree."""
        min_state = tasktree.descend_from(state)
        walked = self._walks.get(min_state)
        if walked is None:
            if tasktree.task_count(self._workflow) >= tasktree.MAX_DEPTH:
                return list(self._workflow.get_tasks(state=state))
            walked = self._walks[min_state] = tasktree.walk(self._workflow, min_state)
        return tasktree.select(walked, state)

    def _ready_user_task(self, task_id: str) -> Task:
        try:
            task = self._workflow.get_task_from_id(UUID(str(task_id)))
        except (ValueError, TaskNotFoundException):
            raise TaskNotReady(f"no task {task_id!r} in this case") from None
        if not isinstance(task.task_spec, HUMAN_TASKS):
            raise TaskNotReady(f"task {task_id} ({task.task_spec.bpmn_id}) is not a user task")
        if task.state != TaskState.READY:
            raise TaskNotReady(f"task {task_id} ({task.task_spec.bpmn_id}) is {TaskState.get_name(task.state)}")
        return task

    def _run_engine(self) -> None:
        self._guarded(self._workflow.do_engine_steps, None)

    def _guarded(self, step: Any, task: Task | None) -> None:
        self._walks.clear()  # every engine step may change the tree, whether it succeeds or not
        try:
            step()
        except WorkflowIncident:
            raise
        except SpiffWorkflowException as exc:
            failed = getattr(exc, "task", None) or task
            raise _incident(failed, str(exc)) from exc
        except Exception as exc:  # a step must never take the caller down with a bare traceback
            raise _incident(task, f"{type(exc).__name__}: {exc}") from exc


def _incident(task: Task | None, message: str) -> WorkflowIncident:
    if task is None:
        return WorkflowIncident("", "", message)
    spec = task.task_spec
    return WorkflowIncident(
        getattr(spec, "bpmn_id", None) or spec.name, getattr(spec, "bpmn_name", None) or "", message
    )


def _properties(task: Task) -> dict[str, str]:
    return dict((getattr(task.task_spec, "extensions", None) or {}).get("properties", {}))


def _decision_as_variables(task: Task, element_id: str, decision: Any) -> None:
    """Camunda semantics for an imported task: the decision's fields also become case variables (``approved``),
    never replacing the application form or the decision itself."""
    if not isinstance(decision, dict):
        return
    for key, value in decision.items():
        if isinstance(key, str) and key.isidentifier() and not key.startswith("_") and key not in ("form", element_id):
            task.data[key] = copy.deepcopy(value)


def _task_info(task: Task) -> UserTaskInfo:
    spec = task.task_spec
    props = _properties(task)
    found = instance_of(task)
    instance = found[1] if found else None
    name = spec.bpmn_name or spec.bpmn_id
    if isinstance(instance, str | int) and not isinstance(instance, bool):
        name = f"{name} · {instance}"
    return UserTaskInfo(
        task_id=str(task.id),
        element_id=spec.bpmn_id,
        name=name,
        lane=spec.lane,
        form_file=props.get("formJsonSchemaFilename"),
        ui_file=props.get("formUiSchemaFilename"),
        process_id=task.workflow.spec.name,
        in_item=task.workflow.parent_workflow is not None,
        instance=copy.deepcopy(instance),
        assignee=props.get(ASSIGNEE) or None,
    )
