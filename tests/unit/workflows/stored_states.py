"""Case states written by an earlier version of the runner, kept so later versions are proven to restore them.

Applications in production databases hold ``CaseWorkflow.dumps()`` output. ``tests/data/states/*.json`` holds
such states for a range of cases (parallel branches, call activities, multi-instance, armed and fired timers,
pending service calls, a supplement loop, finished cases), each with what the runner reported for it then
(:func:`views`) and how it went on to the end (:func:`drive_to_end`), plus the approval package it runs against.

``python -m tests.unit.workflows.stored_states OUT.json`` writes such a file with the code checked out now; the
committed files must never be regenerated, only new ones added beside them.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.unit.workflows.helpers import ACCEPT, APPROVE, ISSUE, package
from workflows import CaseWorkflow, case_spec, restore_case, start_case
from workflows.bench import DECISIONS, load_demo_item

STATES = Path(__file__).resolve().parents[2] / "data" / "states"
FORM = {"applicant": "张三", "phone": "13800000000", "area": 100, "amount": 1, "panel": ["李专家", "王专家", "赵专家"]}
SUPPLEMENT = {"decision": "supplement", "reason": "缺少营业执照"}
MAX_STEPS = 40

# name -> (item, form, steps); an item is a tests/unit/workflows/helpers.ITEMS key or "demo" (the demo joint item).
# A step is ("complete", element_id, data), ("fire", hours from the recorded moment) or ("service", result).
Step = tuple[Any, ...]
SCENARIOS: dict[str, tuple[str, dict[str, Any] | None, list[Step]]] = {
    "demo_submitted": ("demo", None, []),
    "demo_accepted": ("demo", None, [("complete", "window_review", DECISIONS["window_review"])]),
    "demo_one_department": (
        "demo",
        None,
        [
            ("complete", "window_review", DECISIONS["window_review"]),
            ("complete", "scjg_review", DECISIONS["scjg_review"]),
        ],
    ),
    "demo_awaiting_issue": (
        "demo",
        None,
        [
            ("complete", "window_review", DECISIONS["window_review"]),
            ("complete", "wsjk_review", DECISIONS["wsjk_review"]),
            ("complete", "scjg_review", DECISIONS["scjg_review"]),
        ],
    ),
    "demo_issued": ("demo", None, [("complete", e, DECISIONS[e]) for e in DECISIONS]),
    "joint_supplement": ("joint", FORM, [("complete", "window_review", SUPPLEMENT)]),
    "joint_resubmitted": (
        "joint",
        FORM,
        [("complete", "window_review", SUPPLEMENT), ("complete", "applicant_supplement", {})],
    ),
    "joint_declined": ("joint", FORM, [("complete", "window_review", {"decision": "decline", "reason": "x"})]),
    "called_inspection": ("called", FORM, [("complete", "window_review", ACCEPT), ("complete", "site_check", APPROVE)]),
    "escalation_armed": ("escalation", FORM, [("complete", "window_review", ACCEPT)]),
    "escalation_reminded": ("escalation", FORM, [("complete", "window_review", ACCEPT), ("fire", 3)]),
    "escalation_escalated": ("escalation", FORM, [("complete", "window_review", ACCEPT), ("fire", 80)]),
    "wait_cooling_off": ("wait", FORM, [("complete", "window_review", ACCEPT)]),
    "countersign_one_signed": (
        "countersign",
        FORM,
        [("complete", "window_review", ACCEPT), ("complete", "panel_review", APPROVE)],
    ),
    "countersign_in_turn": (
        "countersign_in_turn",
        FORM,
        [("complete", "window_review", ACCEPT), ("complete", "panel_review_in_turn", APPROVE)],
    ),
    "service_notice_pending": ("service", FORM, [("complete", "window_review", ACCEPT)]),
    "service_certificate_pending": (
        "service",
        FORM,
        [("complete", "window_review", ACCEPT), ("service", {"sent": True}), ("complete", "market_review", APPROVE)],
    ),
    "terminate_site_check": ("terminate", {**FORM, "area": 800}, [("complete", "window_review", ACCEPT)]),
    "immediate_output": ("immediate", FORM, [("complete", "window_review", ACCEPT)]),
}


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def views(case: CaseWorkflow) -> dict[str, Any]:
    """Everything the app reads from a case, as JSON-able values (timestamps as ISO text)."""
    return _jsonable(
        {
            "ready": sorted(
                (dataclasses.asdict(t) for t in case.ready_user_tasks()),
                key=lambda t: (t["element_id"], str(t["instance"]), t["task_id"]),
            ),
            "timers": [
                {"task_id": t.task_id, "element_id": t.element_id, "fire_at": t.fire_at.isoformat()}
                for t in case.due_timers()
            ],
            "calls": [dataclasses.asdict(c) for c in case.pending_service_calls()],
            "data": case.data,
            "completed": case.is_completed,
            "outcome": case.outcome,
            "steps": case.completed_steps(),
        }
    )


def _decision(element_id: str) -> dict[str, Any]:
    return {"window_review": ACCEPT, "applicant_supplement": {}, "output_issue": ISSUE}.get(element_id, APPROVE)


def drive_to_end(case: CaseWorkflow) -> list[str]:
    """Run a case on with fixed answers, through a dumps/restore round trip per step, as the app does; the trace.

    Service calls are answered first, then the first ready user task (by element id and instance); when only
    timers are left, they are fired at their latest time.
    """
    trace: list[str] = []
    for _ in range(MAX_STEPS):
        case = restore_case(case.spec, case.dumps())
        calls, ready = case.pending_service_calls(), case.ready_user_tasks()
        if calls:
            case.complete_service_call(calls[0].task_id, {"done": calls[0].element_id})
            trace.append(f"service {calls[0].element_id}")
        elif ready:
            task = min(ready, key=lambda t: (t.element_id, str(t.instance)))
            case.complete_task(task.task_id, _decision(task.element_id))
            trace.append(f"task {task.element_id} {task.instance or ''}".rstrip())
        elif case.due_timers():
            fired = case.fire_due_timers(max(t.fire_at for t in case.due_timers()))
            trace.append("fire " + ",".join(t.element_id for t in fired))
        else:
            break
    trace.append(f"end completed={case.is_completed} outcome={case.outcome} approved={case.data.get('approved')}")
    return trace


def _run(case: CaseWorkflow, steps: list[Step], now: datetime) -> CaseWorkflow:
    for step in steps:
        case = restore_case(case.spec, case.dumps())
        if step[0] == "complete":
            task = min((t for t in case.ready_user_tasks() if t.element_id == step[1]), key=lambda t: str(t.instance))
            case.complete_task(task.task_id, step[2])
        elif step[0] == "fire":
            case.fire_due_timers(now + timedelta(hours=step[1]))
        else:
            case.complete_service_call(case.pending_service_calls()[0].task_id, step[1])
    return case


def build_fixture() -> dict[str, Any]:
    """States of every scenario written by the runner as it is now, with their views and continuations."""
    demo = load_demo_item()
    packages = {"demo": (demo.process_id, demo.package_json)}
    now = datetime.now(UTC)
    cases = {}
    for name, (item, form, steps) in SCENARIOS.items():
        if item not in packages:
            built = package(item)
            packages[item] = (built.process_id, built.to_json())
        spec = case_spec(f"stored:{item}", packages[item][1])
        case = _run(start_case(spec, form if form is not None else demo.sample), steps, now)
        state = case.dumps()
        cases[name] = {
            "item": item,
            "state": state,
            "views": views(restore_case(spec, state)),
            "continued": drive_to_end(restore_case(spec, state)),
        }
    return {
        "written_at": now.isoformat(),
        "packages": {k: {"process_id": p, "package": j} for k, (p, j) in packages.items()},
        "cases": cases,
    }


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(json.dumps(build_fixture(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
