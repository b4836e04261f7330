"""The state codec writes what SpiffWorkflow's converters wrote, and reads states back into the same workflow."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.unit.workflows.helpers import ACCEPT, APPROVE, complete, spec
from tests.unit.workflows.reference_serializer import SERIALIZER, reference_dump, reference_load
from tests.unit.workflows.stored_states import SCENARIOS, STATES, _run
from tests.unit.workflows.test_stored_states import _fixture, _spec
from workflows import CaseSpec, restore_case, start_case
from workflows.script_engine import SCRIPT_ENGINE
from workflows.serializer import dump_state, load_state

STORED = [(path.name, name) for path in sorted(STATES.glob("*.json")) for name in _fixture(path.name)["cases"]]


def same_document(a: str, b: str) -> bool:
    """The same JSON document (the codec writes plain states compactly, the old serializer with spaces)."""
    return json.loads(a) == json.loads(b)


def _load(spec: CaseSpec, state: str):
    return load_state(state, spec.platform, spec.subprocess_specs, SCRIPT_ENGINE, spec.item_process_id)


def _reference(spec: CaseSpec, state: str):
    return reference_load(state, spec.platform, spec.subprocess_specs, SCRIPT_ENGINE)


@pytest.mark.parametrize(("fixture", "name"), STORED)
def test_stored_state_reads_like_the_reference_and_writes_back_unchanged(fixture, name):
    stored = _fixture(fixture)["cases"][name]
    spec = _spec(fixture, stored["item"])
    state = stored["state"]
    assert reference_dump(_reference(spec, state)) == state  # the fixture round-trips through the old code
    assert reference_dump(_load(spec, state)) == state
    assert same_document(dump_state(_load(spec, state)), state)


def _states_of_every_scenario():
    for name, (item, form, steps) in SCENARIOS.items():
        if item == "demo":
            continue
        s = spec(item)
        for n in range(len(steps) + 1):
            yield name, s, _run(start_case(s, form), steps[:n], datetime.now(UTC))


def test_live_workflows_written_like_the_reference():
    seen = 0
    for name, s, case in _states_of_every_scenario():
        state = case.dumps()
        assert same_document(state, reference_dump(case._workflow)), name
        restored = _load(s, state)
        assert dump_state(restored) == state, name
        assert reference_dump(restored) == reference_dump(_reference(s, state)), name
        seen += 1
    assert seen > 30


def test_one_uuid_object_per_task_id_after_restore():
    case = start_case(spec("called"), {"amount": 1})
    complete(case, "window_review", ACCEPT)
    restored = restore_case(case.spec, case.dumps())
    workflow = restored._workflow
    for wf in [workflow, *workflow.subprocesses.values()]:
        for key, task in wf.tasks.items():
            assert key is task.id
            parent = wf.tasks.get(task._parent)
            assert parent is None or task._parent is parent.id
            assert all(child is wf.tasks[child].id for child in task._children)
    for key, subprocess in workflow.subprocesses.items():
        assert subprocess.parent_task_id is key


def test_typed_values_in_task_data_go_through_the_registry():
    case = start_case(spec("joint"), {"amount": 1})
    when = datetime(2025, 3, 19, 9, 30, tzinfo=UTC)
    case._workflow.task_tree.data["received"] = {"at": when}  # what a script could leave
    ready = next(t for t in case._workflow.get_tasks() if t.task_spec.bpmn_id == "window_review")
    ready.data["received"] = {"at": when}
    state = case.dumps()
    assert state == reference_dump(case._workflow)
    assert '"typename": "datetime"' in state
    restored = restore_case(case.spec, state)
    assert restored._workflow.task_tree.data["received"]["at"] == when
    assert reference_dump(restored._workflow) == reference_dump(_reference(case.spec, state))
    complete(restored, "window_review", ACCEPT)
    complete(restored, "market_review", APPROVE)


def test_a_form_field_called_typename_is_data():
    s = spec("joint")
    case = start_case(s, {"amount": 1, "typename": "individual"})
    state = case.dumps()
    assert same_document(state, reference_dump(case._workflow))
    with pytest.raises(TypeError):  # the old reader took it for a registered type and failed
        _reference(s, state)
    restored = restore_case(s, state)
    assert restored.data["form"] == {"amount": 1, "typename": "individual"}
    assert restored.dumps() == state
    complete(restored, "window_review", ACCEPT)


def test_plain_states_skip_the_registry_walk():
    from workflows.serializer import _has_typed_values

    case = start_case(spec("joint"), {"amount": 1})
    complete(case, "window_review", ACCEPT)
    state = case.dumps()
    assert not _has_typed_values(state, json.loads(state))
    case._workflow.task_tree.data["at"] = datetime(2025, 1, 1, tzinfo=UTC)
    state = case.dumps()
    assert _has_typed_values(state, json.loads(state))


def test_plain_states_are_written_compactly_and_read_back():
    case = start_case(spec("joint"), {"amount": 1, "name": "张三"})
    complete(case, "window_review", ACCEPT)
    state = case.dumps()
    assert state.startswith('{"data":{') and "张三" in state  # orjson: compact UTF-8
    assert same_document(state, reference_dump(case._workflow))
    restored = restore_case(case.spec, state)
    assert restored.data == case.data
    assert reference_dump(restored._workflow) == reference_dump(_reference(case.spec, state))


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 2**70, -(2**70), ("a", 1), {"k": float("-inf")}])
def test_values_orjson_would_change_go_through_the_json_module(value):
    case = start_case(spec("joint"), {"amount": 1})
    case._workflow.task_tree.data["form"]["odd"] = value
    state = case.dumps()
    reference = reference_dump(case._workflow)
    if isinstance(value, tuple):  # plain after all: written as a list by both
        assert same_document(state, reference)
    else:
        assert state == reference
    root = str(case._workflow.task_tree.id)
    expected = json.loads(reference)["tasks"][root]["data"]["form"]["odd"]
    assert repr(restore_case(case.spec, state)._workflow.task_tree.data["form"]["odd"]) == repr(expected)


def test_is_plain():
    from enum import StrEnum

    from workflows.serializer import is_plain

    class Kind(StrEnum):
        A = "a"

    assert is_plain({"a": [1, 2.5, True, None, "x", ("y",)], "b": {}})
    for odd in (float("nan"), {1: "a"}, {"a": {1, 2}}, Kind.A, [datetime(2025, 1, 1)], b"x", object()):
        assert not is_plain(odd)


def test_compact_text_orjson_refuses_is_read_by_the_json_module():
    from workflows.serializer import _decode

    assert _decode('{"data":{"x": NaN}}')["data"]["x"] != 0
    assert _decode('{"data": {"x": 123456789012345678901234567890}}')["data"]["x"] == 123456789012345678901234567890


def _task_attributes(task) -> dict:
    values = dict(vars(task))
    values["workflow"] = (type(values["workflow"]).__mro__[-3].__name__, values["workflow"].spec.name)
    return values


def _sharing(task) -> list[tuple[str, bool, bool]]:
    parent = task.parent.data if task.parent is not None else {}
    shared = []
    for key, value in task.data.items():
        inner = list(value.values()) if isinstance(value, dict) else []
        parent_inner = list(parent[key].values()) if isinstance(parent.get(key), dict) else []
        shared.append((key, value is parent.get(key), [a is b for a, b in zip(inner, parent_inner, strict=False)]))
    return shared


@pytest.mark.parametrize(("fixture", "name"), STORED)
def test_restored_tasks_have_every_attribute_the_reference_gives_them(fixture, name):
    stored = _fixture(fixture)["cases"][name]
    spec = _spec(fixture, stored["item"])
    ours, reference = _load(spec, stored["state"]), _reference(spec, stored["state"])
    pairs = [(ours, reference)] + [(ours.subprocesses[k], sp) for k, sp in reference.subprocesses.items()]
    for mine, theirs in pairs:
        assert list(mine.tasks) == list(theirs.tasks)
        for key, task in theirs.tasks.items():
            assert _task_attributes(mine.tasks[key]) == _task_attributes(task)
            assert _sharing(mine.tasks[key]) == _sharing(task)  # which values a task shares with its parent
        for attribute in ("success", "completed", "correlations", "data", "locks"):
            assert getattr(mine, attribute) == getattr(theirs, attribute)
        assert mine.task_tree.id == theirs.task_tree.id
        assert (mine.last_task and mine.last_task.id) == (theirs.last_task and theirs.last_task.id)
    assert list(ours.event_manager.tasks) == list(reference.event_manager.tasks)
    assert SERIALIZER.to_dict(ours.bpmn_events) == SERIALIZER.to_dict(reference.bpmn_events)
