"""Timers, service actions, multi-instance countersigns, error and terminate end events: run without I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.unit.workflows.helpers import ACCEPT, APPROVE, ISSUE, REJECT, complete, files, ready, ready_ids, spec
from workflows import BpmnError, TaskNotReady, compile_approval, restore_case, start_case
from workflows.actions import PLATFORM_ACTIONS

NOW = datetime.now(UTC)


def accepted(item: str, form: dict | None = None):
    case = start_case(
        spec(item),
        form or {"applicant": "张三", "phone": "13800000000", "area": 100, "panel": ["李专家", "王专家", "赵专家"]},
    )
    complete(case, "window_review", ACCEPT)
    return case


def later(case, hours: float):
    """Round-trip through the stored state, as the worker does, then fire what is due ``hours`` from now."""
    case = restore_case(case.spec, case.dumps())
    return case, case.fire_due_timers(NOW + timedelta(hours=hours))


def test_boundary_timers_armed_with_their_durations():
    # Timers are armed when the task starts waiting: bound them by the clock around that moment, not by a time
    # taken when the module was imported (a long suite on a busy machine made that flaky).
    before = datetime.now(UTC)
    case = accepted("escalation")
    after = datetime.now(UTC)
    timers = {t.element_id: t for t in case.due_timers()}
    assert set(timers) == {"review_reminder", "review_overdue"}
    assert before + timedelta(hours=2) <= timers["review_reminder"].fire_at <= after + timedelta(hours=2)
    assert before + timedelta(days=3) <= timers["review_overdue"].fire_at <= after + timedelta(days=3)


def test_nothing_fires_before_its_time():
    case, fired = later(accepted("escalation"), 1)
    assert fired == [] and ready_ids(case) == ["market_review"] and case.pending_service_calls() == []


def test_non_interrupting_timer_queues_a_reminder_and_keeps_the_task():
    case, fired = later(accepted("escalation"), 3)
    assert [t.element_id for t in fired] == ["review_reminder"]
    assert ready_ids(case) == ["market_review"]
    [call] = case.pending_service_calls()
    assert (call.element_id, call.action) == ("remind_reviewer", "notify")
    assert call.params == {"channel": "sms", "recipient": "scjg", "body": "请尽快审查：张三"}
    assert [t.element_id for t in case.due_timers()] == ["review_overdue"]
    case, fired = later(case, 3)
    assert fired == []  # fired once; the same state never fires it again


def test_interrupting_timer_escalates_to_another_lane():
    case, fired = later(accepted("escalation"), 24 * 3 + 1)
    assert {t.element_id for t in fired} == {"review_reminder", "review_overdue"}
    task = ready(case, "escalated_review")
    assert task.lane == "cgj" and ready_ids(case) == ["escalated_review"]
    assert case.due_timers() == []  # the cancelled review's timers went with it
    complete(case, "escalated_review", APPROVE)
    [reminder] = case.pending_service_calls()  # the reminder fired too; the item ends once it is sent
    assert ready_ids(case) == []
    case.complete_service_call(reminder.task_id, {"sent": True})
    assert ready_ids(case) == ["output_issue"] and case.data["approved"] is True


def test_finishing_the_task_cancels_its_timers():
    case = accepted("escalation")
    complete(case, "market_review", APPROVE)
    assert case.due_timers() == [] and ready_ids(case) == ["output_issue"]
    assert case.data["approved"] is True


def test_intermediate_timer_waits_then_continues():
    case = accepted("wait")
    assert ready_ids(case) == []
    [timer] = case.due_timers()
    assert timer.element_id == "cooling_off"
    case, fired = later(case, 25)
    assert [t.element_id for t in fired] == ["cooling_off"] and ready_ids(case) == ["market_review"]


def test_service_call_waits_for_the_worker_and_stores_the_result():
    case = accepted("service")
    [call] = case.pending_service_calls()
    assert (call.action, call.params) == (
        "notify",
        {"channel": "sms", "recipient": "13800000000", "body": "您的申请已进入审查"},
    )
    assert ready_ids(case) == []
    case = restore_case(case.spec, case.dumps())
    case.complete_service_call(call.task_id, {"sent": True})
    assert case.data["notice"] == {"sent": True} and ready_ids(case) == ["market_review"]
    with pytest.raises(TaskNotReady):
        case.complete_service_call(call.task_id, {"sent": True})
    complete(case, "market_review", APPROVE)
    [call] = case.pending_service_calls()
    assert (call.element_id, call.action, call.params) == (
        "issue_certificate",
        "generate_document",
        {"template": "licence"},
    )
    case.complete_service_call(call.task_id, {"document": "cert-1"})
    assert case.data["certificate"] == {"document": "cert-1"} and ready_ids(case) == ["output_issue"]


def test_failed_service_call_follows_the_error_boundary_or_waits_for_retry():
    case = accepted("service")
    [notice] = case.pending_service_calls()
    assert case.fail_service_call(notice.task_id, "SMS gateway down") is False  # no error boundary: retry later
    assert [c.task_id for c in case.pending_service_calls()] == [notice.task_id]
    case.complete_service_call(notice.task_id, {"sent": True})
    complete(case, "market_review", APPROVE)
    [cert] = case.pending_service_calls()
    assert case.fail_service_call(cert.task_id, "template missing") is True
    assert ready_ids(case) == ["manual_certificate"] and case.pending_service_calls() == []


def test_unknown_action_refused_at_publish_naming_the_element():
    text = files("service_item.bpmn")["service_item.bpmn"].replace(b'id="notify"', b'id="send_fax"')
    with pytest.raises(BpmnError) as info:
        compile_approval(
            {"s.bpmn": text},
            process_id="licence_with_notice",
            departments={"scjg"},
            form_files={"review.schema.json", "review.ui.json"},
        )
    [problem] = info.value.problems
    assert problem.element_id == "notify_applicant" and "unknown platform action 'send_fax'" in problem.message
    assert all(action in problem.message for action in PLATFORM_ACTIONS)


def test_bad_timer_and_cycle_refused_at_publish():
    text = files("timer_wait_item.bpmn")["timer_wait_item.bpmn"]
    for bad, fragment in ((b">P1D<", b">P1X<"), (b">P1D<", b">__import__('os')<")):
        with pytest.raises(BpmnError) as info:
            compile_approval(
                {"w.bpmn": text.replace(*([bad, fragment]))},
                process_id="publicity_period_item",
                departments={"scjg"},
                form_files={"review.schema.json", "review.ui.json"},
            )
        assert [p.element_id for p in info.value.problems] == ["cooling_off"]
    cycle = text.replace(b"timeDuration", b"timeCycle")
    with pytest.raises(BpmnError) as info:
        compile_approval(
            {"w.bpmn": cycle},
            process_id="publicity_period_item",
            departments={"scjg"},
            form_files={"review.schema.json", "review.ui.json"},
        )
    assert "cycle" in info.value.problems[0].message


def test_parallel_countersign_keeps_every_members_decision():
    case = accepted("countersign")
    tasks = [t for t in case.ready_user_tasks() if t.element_id == "panel_review"]
    assert sorted(t.instance for t in tasks) == ["李专家", "王专家", "赵专家"]
    assert all(t.lane == "wsjk" and t.name.startswith("专家组会签 · ") for t in tasks)
    by_member = {t.instance: t.task_id for t in tasks}
    case.complete_task(by_member["王专家"], {"approved": True, "opinion": "同意"})
    case = restore_case(case.spec, case.dumps())
    case.complete_task(by_member["赵专家"], {"approved": True, "opinion": "同意"})
    assert len([t for t in case.ready_user_tasks() if t.element_id == "panel_review"]) == 1
    case.complete_task(by_member["李专家"], {"approved": False, "opinion": "不同意"})
    decisions = {d["member"]: d["approved"] for d in case.data["panel_review"]}
    assert decisions == {"李专家": False, "王专家": True, "赵专家": True}
    assert case.data["approved"] is False and ready_ids(case) == ["output_issue"]


def test_sequential_countersign_in_turn_all_approve():
    case = accepted("countersign_in_turn")
    for member in ["李专家", "王专家", "赵专家"]:
        [task] = case.ready_user_tasks()
        assert task.instance == member
        case.complete_task(task.task_id, {"approved": True, "opinion": member})
    assert [d["opinion"] for d in case.data["panel_opinions"]] == ["李专家", "王专家", "赵专家"]
    assert case.data["approved"] is True


def test_terminate_end_event_ends_every_branch():
    case = accepted("terminate")
    assert ready_ids(case) == ["health_review", "market_review"]
    complete(case, "market_review", REJECT)
    assert ready_ids(case) == ["output_issue"] and case.data["approved"] is False
    complete(case, "output_issue", ISSUE)
    assert case.outcome == "rejected"


def test_error_end_event_caught_on_the_sub_process():
    case = accepted("terminate", {"area": 800})
    # the site check threw site_unsafe; its boundary recorded the refusal and the terminate end ended the market
    # branch too
    assert ready_ids(case) == ["output_issue"] and case.data["approved"] is False


def test_error_path_and_all_approved():
    case = accepted("terminate", {"area": 100})
    complete(case, "market_review", APPROVE)
    complete(case, "health_review", APPROVE)
    assert ready_ids(case) == ["output_issue"] and case.data["approved"] is True


@pytest.mark.parametrize(
    ("item", "element_id"), [("countersign", "panel_review"), ("countersign_in_turn", "panel_review_in_turn")]
)
def test_countersign_ends_when_restored_on_a_spec_that_never_ran_it(item, element_id):
    # Another worker (or this one after a restart) builds its own spec from the package: the members' decisions
    # must still be merged and the countersign must end there.
    case = accepted(item)
    first = next(t for t in case.ready_user_tasks() if t.element_id == element_id)
    case.complete_task(first.task_id, APPROVE)
    fresh = restore_case(spec(item), case.dumps())
    for _ in range(3):
        members = [t for t in fresh.ready_user_tasks() if t.element_id == element_id]
        if members:
            fresh.complete_task(members[0].task_id, APPROVE)
    assert ready_ids(fresh) == ["output_issue"] and fresh.data["approved"] is True
