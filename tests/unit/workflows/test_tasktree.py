"""One walk of the task tree answers get_tasks(state=...) with the same tasks in the same order."""

from __future__ import annotations

import pytest
from SpiffWorkflow.util.task import TaskState

from tests.unit.workflows.helpers import ACCEPT, APPROVE, ISSUE, complete, ready_ids, spec
from tests.unit.workflows.test_serializer import _states_of_every_scenario
from workflows import restore_case, start_case, tasktree

MASKS = [
    TaskState.READY,
    TaskState.WAITING,
    TaskState.STARTED,
    TaskState.COMPLETED,
    TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.COMPLETED | TaskState.ERROR,
    TaskState.NOT_FINISHED_MASK,
    TaskState.FINISHED_MASK,
    TaskState.PREDICTED_MASK,
    TaskState.ANY_MASK,
]


def _same_as_get_tasks(workflow) -> None:
    for mask in MASKS:
        walked = tasktree.walk(workflow, tasktree.descend_from(mask))
        expected = workflow.get_tasks(state=mask)
        assert tasktree.select(walked, mask) == expected, TaskState.get_name(mask)
        assert all(a is b for a, b in zip(tasktree.select(walked, mask), expected, strict=True))


def test_walk_matches_get_tasks_on_every_scenario_state():
    count = 0
    for _name, case_spec, case in _states_of_every_scenario():
        _same_as_get_tasks(case._workflow)
        _same_as_get_tasks(restore_case(case_spec, case.dumps())._workflow)
        count += 1
    assert count > 30


@pytest.mark.parametrize(
    ("mask", "min_state"),
    [
        (TaskState.READY, TaskState.FUTURE),
        (TaskState.COMPLETED, TaskState.COMPLETED),
        (TaskState.MAYBE | TaskState.READY, TaskState.MAYBE),
        (TaskState.ANY_MASK, TaskState.MAYBE),
    ],
)
def test_descend_from_mirrors_the_iterator(mask, min_state):
    assert tasktree.descend_from(mask) == min_state


def test_case_walks_once_per_step_and_again_after_the_engine_moved(monkeypatch):
    walks = []
    real_walk = tasktree.walk
    monkeypatch.setattr(tasktree, "walk", lambda wf, min_state: walks.append(min_state) or real_walk(wf, min_state))
    case = start_case(spec("escalation"), {"amount": 1})
    assert ready_ids(case) == ["window_review"]
    assert case.due_timers() == [] and case.pending_service_calls() == []
    assert len(walks) == 1
    complete(case, "window_review", ACCEPT)  # looks the task up by id, not by walking
    assert ready_ids(case) == ["market_review"] and len(case.due_timers()) == 2
    assert len(walks) == 2


def test_big_trees_fall_back_to_get_tasks(monkeypatch):
    monkeypatch.setattr(tasktree, "MAX_DEPTH", 1)
    monkeypatch.setattr(tasktree, "walk", lambda wf, min_state: pytest.fail("walked a tree that is too big"))
    case = start_case(spec("joint"), {"amount": 1})
    complete(case, "window_review", ACCEPT)
    assert ready_ids(case) == ["health_review", "market_review"]
    complete(case, "market_review", APPROVE)
    complete(case, "health_review", APPROVE)
    complete(case, "output_issue", ISSUE)
    assert case.outcome == "approved"
