"""Case state: dumps() holds state only, restore_case() continues mid-case, specs are cached."""

from __future__ import annotations

import json

import pytest

from tests.unit.workflows.helpers import ACCEPT, APPROVE, ISSUE, complete, package, ready_ids, spec
from workflows import case_spec, restore_case, start_case


def test_dumps_has_no_process_definitions():
    case = start_case(spec("joint"), {"amount": 1})
    complete(case, "window_review", ACCEPT)
    state = case.dumps()
    raw = json.loads(state)
    assert "spec" not in raw and "subprocess_specs" not in raw
    assert "task_specs" not in state and "bpmn_name" not in state and "市场监管审查" not in state
    assert raw["item_process"] == "restaurant_opening"


def test_restore_round_trip_mid_case():
    s = spec("joint")
    case = start_case(s, {"amount": 1})
    complete(case, "window_review", ACCEPT)
    complete(case, "market_review", APPROVE)
    restored = restore_case(s, case.dumps())
    assert ready_ids(restored) == ["health_review"]
    assert restored.data == case.data
    assert restored.dumps() == case.dumps()
    complete(restored, "health_review", APPROVE)
    restored = restore_case(s, restored.dumps())
    complete(restored, "output_issue", ISSUE)
    assert restored.outcome == "approved"
    assert [x["element_id"] for x in restored.completed_steps()] == [
        "window_review",
        "market_review",
        "health_review",
        "output_issue",
    ]


def test_restore_checks_the_item():
    case = start_case(spec("joint"), {})
    with pytest.raises(ValueError):
        restore_case(spec("promised"), case.dumps())
    with pytest.raises(ValueError):
        restore_case(spec("joint"), "{}")


def test_case_spec_cached_per_version_key():
    text = package("promised").to_json()
    first = case_spec("promised-cache-test", text)
    assert case_spec("promised-cache-test", text) is first
    assert case_spec("promised-cache-test", "ignored on a hit") is first


def test_case_spec_of_a_broken_package_is_a_bpmn_error():
    from workflows import ApprovalPackage, BpmnError

    broken = ApprovalPackage("nope", {"x.bpmn": package("promised").files["promised_item.bpmn"]}, [])
    with pytest.raises(BpmnError):
        case_spec("broken-package", broken.to_json())
