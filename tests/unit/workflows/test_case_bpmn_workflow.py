"""The case workflow classes walk the tree as SpiffWorkflow's iterators do, and run cases exactly as
BpmnWorkflow does."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from SpiffWorkflow.bpmn.util.subworkflow import BpmnSubWorkflow
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskFilter, TaskIterator, TaskState

from tests.unit.workflows.helpers import spec
from tests.unit.workflows.stored_states import SCENARIOS, _run
from tests.unit.workflows.test_serializer import _states_of_every_scenario
from workflows import restore_case, serializer, start_case
from workflows.case_bpmn_workflow import CaseBpmnWorkflow, CaseSubprocess
from workflows.tasktree import TreeIterator

STATES = [
    TaskState.READY,
    TaskState.WAITING,
    TaskState.COMPLETED,
    TaskState.NOT_FINISHED_MASK,
    TaskState.ANY_MASK,
    TaskState.MAYBE | TaskState.FUTURE,
]


def _cases():
    for _name, case_spec, case in _states_of_every_scenario():
        yield case._workflow
        yield restore_case(case_spec, case.dumps())._workflow


def _kwargs_to_try(workflow):
    names = sorted({t.task_spec.name for t in BpmnTaskIterator(workflow.task_tree)})
    yield {}
    for state in STATES:
        yield {"state": state}
        yield {"state": state, "skip_subprocesses": True}
        for depth in (0, 1, 2, 3, 5):
            yield {"state": state, "max_depth": depth}
    for name in names:
        yield {"spec_name": name}
        yield {"end_at_spec": name}
        yield {"state": TaskState.NOT_FINISHED_MASK, "end_at_spec": name}
    yield {"manual": True}
    yield {"manual": False, "state": TaskState.READY}
    yield {"lane": "window"}
    yield {"updated_ts": 1e12}


def test_get_tasks_matches_the_bpmn_task_iterator():
    checked = 0
    for workflow in _cases():
        assert isinstance(workflow, CaseBpmnWorkflow)
        firsts = [None, *list(BpmnTaskIterator(workflow.task_tree))[::3]]
        for kwargs in _kwargs_to_try(workflow):
            for first in firsts:
                expected = list(BpmnTaskIterator(first or workflow.task_tree, **kwargs))
                assert workflow.get_tasks(first, **kwargs) == expected, kwargs
                checked += 1
    assert checked > 10_000


def test_plain_tree_iterator_matches_task_iterator():
    for workflow in _cases():
        for wf in [workflow, *workflow.subprocesses.values()]:
            for state in STATES:
                for depth in (1, 2, 4, 1000):
                    expected = list(TaskIterator(wf.task_tree, state=state, max_depth=depth))
                    found = list(TreeIterator(wf.task_tree, TaskFilter(state=state), max_depth=depth, bpmn=False))
                    assert found == expected


def test_breadth_first_is_left_to_spiffworkflow():
    case = start_case(spec("joint"), {"amount": 1})
    workflow = case._workflow
    assert workflow.get_tasks(depth_first=False) == list(BpmnTaskIterator(workflow.task_tree, depth_first=False))


def test_subprocesses_are_case_subprocesses():
    case = start_case(spec("called"), {"amount": 1})
    case.complete_task(case.ready_user_tasks()[0].task_id, {"decision": "accept", "reason": ""})
    assert case._workflow.subprocesses
    assert all(type(sp) is CaseSubprocess for sp in case._workflow.subprocesses.values())
    restored = restore_case(case.spec, case.dumps())._workflow
    assert all(type(sp) is CaseSubprocess for sp in restored.subprocesses.values())


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _normalised(state: str) -> dict:
    """The state with task ids numbered in order of appearance and without timestamps."""
    numbers: dict[str, str] = {}
    text = _UUID.sub(lambda m: numbers.setdefault(m.group(0), f"id{len(numbers)}"), state)
    text = re.sub(r'"(last_state_change|event_value)":\s*[^,}]+', r'"\1": 0', text)
    return json.loads(text)


@pytest.mark.parametrize("name", [n for n, (item, _f, _s) in SCENARIOS.items() if item != "demo"])
def test_cases_run_as_on_plain_bpmn_workflows(name, monkeypatch):
    item, form, steps = SCENARIOS[name]
    now = datetime.now(UTC)
    s = spec(item)
    ours = [_normalised(_run(start_case(s, form), steps[:n], now).dumps()) for n in range(len(steps) + 1)]
    monkeypatch.setattr("workflows.runner.CaseBpmnWorkflow", BpmnWorkflow)
    monkeypatch.setattr(serializer, "CaseBpmnWorkflow", BpmnWorkflow)
    monkeypatch.setattr(serializer, "CaseSubprocess", BpmnSubWorkflow)
    plain = [_normalised(_run(start_case(s, form), steps[:n], now).dumps()) for n in range(len(steps) + 1)]
    assert ours == plain
