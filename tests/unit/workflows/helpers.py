"""Shared helpers for the workflow unit tests: test BPMN material and a few case-driving shortcuts."""

from __future__ import annotations

import itertools
from pathlib import Path

from tests import conftest
from workflows import ApprovalPackage, CaseSpec, CaseWorkflow, UserTaskInfo, case_spec, compile_approval

REPO = Path(__file__).resolve().parents[3]
BPMN = REPO / "tests" / "data" / "bpmn"
CONFORMANCE = conftest.CONFORMANCE / "bpmn"
DEPARTMENTS = {"scjg", "wsjk", "cgj"}
FORMS = {"review.schema.json", "review.ui.json"}

ITEMS = {
    "promised": (["promised_item.bpmn"], "food_business_licence"),
    "joint": (["joint_item.bpmn"], "restaurant_opening"),
    "immediate": (["immediate_item.bpmn"], "residence_certificate_copy"),
    "called": (["called_item_main.bpmn", "called_item_inspection.bpmn"], "shop_sign_permit"),
    "escalation": (["timer_escalation_item.bpmn"], "outdoor_ad_permit"),
    "wait": (["timer_wait_item.bpmn"], "publicity_period_item"),
    "countersign": (["countersign_item.bpmn"], "expert_panel_review"),
    "countersign_in_turn": (["countersign_sequential_item.bpmn"], "expert_review_in_turn"),
    "service": (["service_item.bpmn"], "licence_with_notice"),
    "terminate": (["terminate_error_item.bpmn"], "restaurant_with_site_check"),
}
_keys = itertools.count()


def files(*names: str) -> dict[str, bytes]:
    return {name: (BPMN / name).read_bytes() for name in names}


def package(item: str) -> ApprovalPackage:
    names, process_id = ITEMS[item]
    return compile_approval(files(*names), process_id=process_id, departments=DEPARTMENTS, form_files=FORMS)


def spec(item: str) -> CaseSpec:
    """A fresh cache key per call, so tests do not share cached specs by accident."""
    return case_spec(f"{item}:{next(_keys)}", package(item).to_json())


def ready(case: CaseWorkflow, element_id: str) -> UserTaskInfo:
    matches = [t for t in case.ready_user_tasks() if t.element_id == element_id]
    assert len(matches) == 1, f"expected one ready {element_id}, got {case.ready_user_tasks()}"
    return matches[0]


def complete(case: CaseWorkflow, element_id: str, data: dict) -> None:
    case.complete_task(ready(case, element_id).task_id, data)


def ready_ids(case: CaseWorkflow) -> list[str]:
    return sorted(t.element_id for t in case.ready_user_tasks())


ACCEPT = {"decision": "accept", "reason": ""}
APPROVE = {"approved": True, "opinion": "符合条件"}
REJECT = {"approved": False, "opinion": "材料不符"}
ISSUE = {"method": "window"}
