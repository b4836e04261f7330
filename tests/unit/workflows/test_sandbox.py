"""The sandbox refuses escapes before they run and stops runaway work."""

from __future__ import annotations

import pytest

from tests.unit.workflows.helpers import ACCEPT, CONFORMANCE, complete, spec
from workflows import WorkflowIncident, sandbox, start_case
from workflows.errors import SandboxError
from workflows.package import ApprovalPackage
from workflows.runner import case_spec

DATA = {"form": {"amount": 1500, "name": "李四"}, "market_review": {"approved": True, "opinion": "ok"}}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('form["amount"] > 1000', True),
        ("market_review.approved", True),
        ('market_review["approved"] and form.amount > 1000', True),
        ('not market_review.approved or form.get("missing", 0) > 1', False),
        ("len(form.name) == 2", True),
        ("sum(x for x in [1, 2, 3]) == 6", True),
        ("max([1, 5, 3]) + abs(-2)", 7),
        ('f"{form.name}:{form.amount}"', "李四:1500"),
        ("sorted({'b': 1, 'a': 2})", ["a", "b"]),
        ("[x * 2 for x in [1, 2] if x > 1]", [4]),
    ],
)
def test_allowed_expressions(expression, expected):
    assert sandbox.evaluate(expression, DATA) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os')",
        "__import__('os').system('x')",
        "().__class__.__bases__",
        "form.__class__",
        "open('/etc/passwd')",
        "getattr(form, 'x')",
        "eval('1')",
        "exec('1')",
        "(lambda: 1)()",
        "[].__class__",
        "form.amount.real",
        "'a'.join(['b'])",
        "type(form)",
        "globals()",
        "_secret",
        "'%999999999d' % 1",
        "f'{form.amount:>999999999}'",
        "len(*[[1]])",
    ],
)
def test_escapes_refused(expression):
    with pytest.raises(SandboxError):
        sandbox.evaluate(expression, DATA)


@pytest.mark.parametrize(
    "expression",
    [
        '"a" * 10**9',
        "10**10**10",
        "[1] * 10**6",
        "sum([1 for a in [1] * 1000 for b in [1] * 1000])",
        "[[c for c in 'x' * 99999] for b in [1] * 1000]",
        "sum([[1]] * 1000, [])",
    ],
)
def test_huge_work_refused(expression):
    with pytest.raises(SandboxError):
        sandbox.evaluate(expression, DATA)


@pytest.mark.parametrize(
    "script",
    [
        "import os",
        "while True:\n    pass",
        "x = []\nfor a in [1] * 100000:\n    x = x + [a]",
        "for a in [1] * 100000:\n    for b in [1] * 100000:\n        pass",
        "def f():\n    return 1",
        "class A:\n    pass",
        "form.amount = 1",
        "try:\n    pass\nexcept Exception:\n    pass",
    ],
)
def test_scripts_refused(script):
    with pytest.raises(SandboxError):
        sandbox.execute(script, dict(DATA))


def test_script_writes_back_assigned_names():
    data = {"form": {"amount": 2}}
    sandbox.execute("total = 0\nfor i in [1, 2, 3]:\n    total += i\nbig = form.amount > 1\ndel form", data)
    assert data == {"total": 6, "i": 3, "big": True}


def test_conformance_dangerous_script_refused_at_runtime():
    """Even if the file bypassed publishing, running it never opens the file: the step fails as an incident."""
    path = CONFORMANCE / "spiff-arena" / "dangerous-scripts" / "read_etc_passwd.bpmn"
    raw = ApprovalPackage("dangerous", {"d.bpmn": path.read_text()}, [])
    case = start_case(case_spec("dangerous:runtime", raw.to_json()), {})
    with pytest.raises(WorkflowIncident) as info:
        complete(case, "window_review", ACCEPT)
    assert info.value.element_id == "read_etc_passwd"
    assert info.value.element_name == "Read /etc/passwd"
    assert "not allowed" in info.value.message
    assert "user_list" not in case.data


def test_failing_condition_is_an_incident_naming_the_gateway():
    case = start_case(spec("promised"), {"no_amount": True})
    with pytest.raises(WorkflowIncident) as info:
        complete(case, "window_review", ACCEPT)
    assert info.value.element_id == "gateway_amount"
    assert info.value.element_name == "经营面积?"
    assert "amount" in info.value.message
