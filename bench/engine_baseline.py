"""The engine-only baseline: bare SpiffWorkflow running the same BPMN, no HTTP, no database, no platform code.

The platform's one_window.bpmn and the item's approval.bpmn are parsed once; each case then starts, completes
the same user tasks with the same decisions, and is serialised and deserialised with SpiffWorkflow's full
BpmnWorkflowSerializer (specs included) after every step, as a stateless server would have to.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.spiff.specs.defaults import UserTask
from SpiffWorkflow.util.task import TaskState

from bench.lifecycle_driver import DECISIONS
from bench.settings import JOINT_ITEM, PLATFORM_BPMN, demo_item_dir, sample_submission

PLATFORM_PROCESS = "one_window"
CALLED_ELEMENT = "item_approval"  # the platform's call activity; bound to the item's process below
STEPS = ("window_review", "scjg_review", "wsjk_review", "output_issue")


@dataclass(frozen=True)
class BaselineSpecs:
    platform: BpmnProcessSpec
    subprocesses: dict[str, BpmnProcessSpec]


@dataclass(frozen=True)
class BaselineResult:
    cases: int
    cpu_seconds: float
    wall_seconds: float
    state_bytes: int

    @property
    def cpu_per_case(self) -> float:
        return self.cpu_seconds / self.cases


def parse_specs(approval: Path, item_process: str) -> BaselineSpecs:
    parser = SpiffBpmnParser()
    parser.add_bpmn_files([str(PLATFORM_BPMN), str(approval)])
    item = parser.get_spec(item_process)
    subprocesses = {CALLED_ELEMENT: item, **parser.get_subprocess_specs(item_process)}
    return BaselineSpecs(parser.get_spec(PLATFORM_PROCESS), subprocesses)


def make_serializer() -> BpmnWorkflowSerializer:
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def _round_trip(serializer: BpmnWorkflowSerializer, workflow: BpmnWorkflow) -> tuple[BpmnWorkflow, int]:
    state = serializer.serialize_json(workflow)
    return serializer.deserialize_json(state), len(state)


def _ready_user_task(workflow: BpmnWorkflow, element_id: str) -> Any:
    for task in workflow.get_tasks(state=TaskState.READY):
        if isinstance(task.task_spec, UserTask) and task.task_spec.bpmn_id == element_id:
            return task
    raise LookupError(f"{element_id} is not ready")


def run_case(specs: BaselineSpecs, serializer: BpmnWorkflowSerializer, form: dict[str, Any]) -> tuple[str, int]:
    """One case start to end; returns the final end event's id and the last serialised state's size."""
    workflow = BpmnWorkflow(specs.platform, specs.subprocesses)
    workflow.task_tree.data = {"form": copy.deepcopy(form)}
    workflow.do_engine_steps()
    workflow, size = _round_trip(serializer, workflow)
    for element_id in STEPS:
        task = _ready_user_task(workflow, element_id)
        task.data[element_id] = copy.deepcopy(DECISIONS[element_id])
        task.run()
        workflow.do_engine_steps()
        workflow, size = _round_trip(serializer, workflow)
    if not workflow.completed:
        raise RuntimeError("baseline case did not finish")
    return "completed", size


def run_baseline(cases: int, slug: str = JOINT_ITEM, item_process: str = "scjg_wsjk_kaiban_jiudian") -> BaselineResult:
    specs = parse_specs(demo_item_dir(slug) / "approval.bpmn", item_process)
    serializer = make_serializer()
    form = sample_submission(slug)
    run_case(specs, serializer, form)  # warm-up, as the server's spec cache is warm
    cpu0, wall0 = time.process_time(), time.perf_counter()
    size = 0
    for _ in range(cases):
        _, size = run_case(specs, serializer, form)
    return BaselineResult(cases, time.process_time() - cpu0, time.perf_counter() - wall0, size)


if __name__ == "__main__":
    result = run_baseline(50)
    print(f"baseline: {result.cpu_per_case * 1000:.1f} ms CPU per case, final state {result.state_bytes} bytes")
