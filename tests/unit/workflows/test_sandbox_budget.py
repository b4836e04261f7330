"""The sandbox keeps its budget (issue 18 point 6): conditions are read-only, and work hidden inside one step of
Python (10**N inside round, comparing or printing a list that holds one big list many times) is paid for before it
runs. The same inputs run again under a hard wall clock and memory cap in tests/hostile/."""

from __future__ import annotations

import time

import pytest

from tests.unit.workflows.helpers import BPMN, DEPARTMENTS, FORMS
from workflows import BpmnError, compile_approval, sandbox
from workflows.errors import SandboxError

READ_ONLY = [
    "[0 for form['x'] in [1]]",
    "[0 for form.x in [1]]",
    "[0 for M in [[1]] for i in [1]*27 for M[10**9:] in [M]] == []",
    "{0 for (a, form['x']) in [(1, 2)]}",
    "any(1 for form['amount'] in [2])",
]


@pytest.mark.parametrize("expression", READ_ONLY)
def test_conditions_cannot_assign_anything_but_loop_names(expression):
    with pytest.raises(SandboxError):
        sandbox.check_expression(expression)  # refused at publish, before any case runs it
    data = {"form": {"x": 0, "amount": 1}}
    with pytest.raises(SandboxError):
        sandbox.evaluate(expression, data)
    assert data == {"form": {"x": 0, "amount": 1}}


@pytest.mark.parametrize(
    "script",
    [
        "M = [1]\nM[10**9:] = M",
        "M = [1]\nfor M[0:] in [[M]]:\n    pass",
        "x = [0 for form['x'] in [1]]",
        "M = [1]\ndel M[0:]",
    ],
)
def test_scripts_cannot_assign_slices_or_loop_into_records(script):
    with pytest.raises(SandboxError):
        sandbox.check_script(script)


def test_scripts_still_write_record_fields():
    data = {"form": {"amount": 2}}
    sandbox.execute("form['amount'] = form['amount'] * 2\nfor i in [1, 2]:\n    total = i", data)
    assert data == {"form": {"amount": 4}, "total": 2, "i": 2}


def test_a_script_cannot_store_a_cycle():
    with pytest.raises(SandboxError, match="too large"):
        sandbox.execute("form['self'] = form", {"form": {}})


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        ("round(1, -10**7) == 0", "round"),
        ("round(1, ndigits=-10**9) == 0", "round"),
        ("str([[0]*100000]*3000)", "limit"),
        ("f'{[[0]*100000]*3000}'", "more than 100000 characters"),
        ("[[0]*1000]*99+[[1]] in [[[0]*1000]*100]*100000", "limit"),
        ("[[0]*1000]*100000 == [[1]*1000]*100000", "limit"),
        ("sorted([[[0]*1000]*1000, [[0]*1000]*1000])", "limit"),
        ("max(z for z in [[[0]*1000]*1000, [[0]*1000]*1000])", "limit"),
        ("{t for t1 in [(0,)*100000] for t in [(t1,)*100000]}", "limit"),
        ("([(0,)*100000]*100).count((1,)*100000)", "limit"),
        ("{((0,)*1000,)*1000: 1}", "limit"),
        ("form[((0,)*1000,)*1000]", "limit"),
    ],
)
def test_hidden_work_is_refused_before_it_runs(expression, fragment):
    started = time.monotonic()
    with pytest.raises(SandboxError, match=fragment):
        sandbox.evaluate(expression, {"form": {"amount": 1}})
    assert time.monotonic() - started < 5  # a safety net for a broken guard; budgets are 0.5 s and 100,000 steps


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("round(1234, -2)", 1200),
        ("round(2.675, 2)", 2.67),
        ("str(form)", "{'amount': 1, 'tags': ['a', 'b']}"),
        ("f'{form.amount}-{form.tags}'", "1-['a', 'b']"),
        ("'a' in form.tags and form.amount in [1, 2]", True),
        ("sorted(form.tags, reverse=True)", ["b", "a"]),
        ("max([[2], [1]])", [2]),
        ("{('a', 1): 2}[('a', 1)]", 2),
        ("set(form.tags) == {'a', 'b'}", True),
        ("form.tags.count('a')", 1),
        ("form is form", True),
    ],
)
def test_ordinary_conditions_still_work(expression, expected):
    assert sandbox.evaluate(expression, {"form": {"amount": 1, "tags": ["a", "b"]}}) == expected


def test_deadline_is_checked_at_every_step(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.0)  # every step is already late
    with pytest.raises(SandboxError, match="time limit"):
        sandbox.evaluate("[x for x in [1, 2, 3]]", {})


def test_weighing_never_walks_more_than_its_budget():
    shared = [[0] * 100_000] * 100_000  # 10**10 items reachable, 200,000 allocated
    started = time.monotonic()
    assert sandbox.weigh(shared, 1000) > 1000
    assert sandbox.text_size(shared, 1000) > 1000
    assert time.monotonic() - started < 1


def _with_id(old: str, new: str) -> bytes:
    text = (BPMN / "promised_item.bpmn").read_text()
    return text.replace(f'"{old}"', f'"{new}"').replace(f">{old}<", f">{new}<").encode()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("start_item", "Start"),
        ("end_small", "End"),
        ("end_small", "Root"),
        ("end_small", "food_business_licence.EndJoin"),
        ("gateway_amount", "review.BoundaryEventSplit"),
        ("flow_to_amount", "Start"),
    ],
)
def test_engine_reserved_ids_refused_at_publish(old, new):
    with pytest.raises(BpmnError) as info:
        compile_approval(
            {"p.bpmn": _with_id(old, new)},
            process_id="food_business_licence",
            departments=DEPARTMENTS,
            form_files=FORMS,
        )
    problem = next(p for p in info.value.problems if p.element_id == new)
    assert "保留" in problem.message and "reserved" in problem.message
