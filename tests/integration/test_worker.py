"""The background worker on a real database: timers fire once, racing workers, a killed worker, failing actions."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import Application, AuditEvent, HumanTask, Job, JobKind, JobState, Notification, ServiceItem, User
from app.models.base import utcnow
from app.services import actions, cases, worker
from app.services.catalog import ItemContent, publish_item_version
from tests.factories import csrf_token, new_token

BPMN = Path(__file__).resolve().parents[1] / "data" / "bpmn"
ITEMS = {
    "timer": ("timer_escalation_item.bpmn", "outdoor_ad_permit"),
    "service": ("service_item.bpmn", "licence_with_notice"),
}
FORM = {"type": "object", "properties": {"applicant": {"type": "string"}, "phone": {"type": "string"}}}
LATER = timedelta(hours=3)  # past the 2-hour reminder, before the 3-day escalation


def accepted_case(app: Flask, item: str) -> int:
    """Publish a test item on the demo catalogue's departments, submit a case and accept it at the window."""
    name, process_id = ITEMS[item]
    with app.app_context():
        service_item = db.session.scalars(select(ServiceItem).where(ServiceItem.department.has(code="scjg"))).first()
        content = ItemContent(
            process_id=process_id,
            form_schema=FORM,
            decision_forms={"review.schema.json": {"type": "object"}, "review.ui.json": {"type": "object"}},
            bpmn_files={name: (BPMN / name).read_text(encoding="utf-8")},
        )
        version = publish_item_version(service_item, content, actor=None)
        citizen = db.session.scalar(select(User).where(User.username == "citizen"))
        clerk = db.session.scalar(select(User).where(User.username == "window"))
        application = cases.submit_application(
            version=version,
            applicant=citizen,
            submission_token=new_token(),
            form_data={"applicant": "张三", "phone": "13800000000"},
        )
        db.session.commit()
        window = db.session.scalar(
            select(HumanTask).where(HumanTask.application_id == application.id, HumanTask.state == "ready")
        )
        cases.complete_task(window.id, clerk, {"decision": "accept", "reason": ""})
        db.session.commit()
        worker.run_once("documents", kinds=(JobKind.DOCUMENT,))  # the receipt: the tests below count the rest
        return application.id


def jobs(app: Flask, application_id: int) -> dict[str, Job]:
    with app.app_context():
        workflow_jobs = Job.kind.in_(("timer", "service"))  # the case's documents are jobs of their own
        rows = db.session.scalars(select(Job).where(Job.application_id == application_id, workflow_jobs)).all()
        db.session.expunge_all()
        return {j.element_id: j for j in rows}


def events(app: Flask, application_id: int, action: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.application_id == application_id, AuditEvent.action == action)
        )


def run_worker(app: Flask, name: str, later: timedelta = LATER) -> int:
    with app.app_context():
        try:
            return worker.run_once(name, now=utcnow() + later)
        finally:
            db.session.remove()


def test_saving_a_case_queues_its_timers(demo):
    case_id = accepted_case(demo, "timer")
    queued = jobs(demo, case_id)
    assert {k: (j.kind, j.state) for k, j in queued.items()} == {
        "review_reminder": ("timer", "queued"),
        "review_overdue": ("timer", "queued"),
    }
    assert timedelta(hours=1, minutes=59) < queued["review_reminder"].due_at - utcnow() <= timedelta(hours=2)
    assert run_worker(demo, "early", later=timedelta(0)) == 0


def test_timer_fires_exactly_once_and_its_action_runs(demo):
    case_id = accepted_case(demo, "timer")
    assert run_worker(demo, "w1") == 2  # the reminder timer, then the notify action it queued
    assert run_worker(demo, "w1") == 0
    assert events(demo, case_id, "timer.fired") == 1 and events(demo, case_id, "service.completed") == 1
    with demo.app_context():
        from_bpmn = Notification.event.is_(None)  # the case's own events (accepted ...) are messages too
        [sms] = db.session.scalars(select(Notification).where(Notification.application_id == case_id, from_bpmn)).all()
        assert (sms.channel, sms.recipient, sms.body) == ("sms", "scjg", "请尽快审查：张三")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "timer.fired"))
        assert event.actor_name == "系统" and event.actor_id is None
    states = {k: j.state for k, j in jobs(demo, case_id).items()}
    assert states == {"review_reminder": "done", "remind_reviewer": "done", "review_overdue": "queued"}


def test_escalation_moves_the_task_to_the_other_lane(demo):
    case_id = accepted_case(demo, "timer")
    run_worker(demo, "w1", later=timedelta(days=3, hours=1))
    with demo.app_context():
        ready = db.session.scalars(
            select(HumanTask).where(HumanTask.application_id == case_id, HumanTask.state == "ready")
        ).all()
        assert [(t.element_id, t.lane) for t in ready] == [("escalated_review", "cgj")]


def test_killed_worker_job_is_retried_by_another(demo):
    case_id = accepted_case(demo, "timer")
    with demo.app_context():
        job_id = worker.claim_job("doomed", now=utcnow() + LATER)  # ...and the process dies here
        assert job_id is not None
    assert run_worker(demo, "w2") == 0  # the lease has not run out yet
    assert run_worker(demo, "w2", later=LATER + worker.LEASE + timedelta(minutes=1)) == 2
    job = jobs(demo, case_id)["review_reminder"]
    assert (job.state, job.attempts, job.locked_by) == ("done", 2, None)
    assert events(demo, case_id, "timer.fired") == 1
    with demo.app_context():
        assert worker.run_job(job_id, "doomed") == "done"  # the dead worker, if it came back, changes nothing
    assert events(demo, case_id, "timer.fired") == 1


def test_failing_action_retried_then_incident_then_retry_recovers(demo, monkeypatch):
    case_id = accepted_case(demo, "service")

    def broken(application, params):
        raise actions.ActionFailed("SMS gateway down")

    monkeypatch.setitem(actions.ACTIONS, "notify", broken)
    far = timedelta(days=1)
    for attempt in range(1, 6):
        assert run_worker(demo, "w1", later=far * attempt) == 1
    job = jobs(demo, case_id)["notify_applicant"]
    assert (job.state, job.attempts) == ("failed", 5) and "SMS gateway down" in job.last_error
    with demo.app_context():
        application = db.session.get(Application, case_id)
        assert "notify_applicant" in application.incident and application.incident_at is not None
        assert application.status == "in_approval" and application.workflow_state  # nothing lost
    assert events(demo, case_id, "incident") == 1
    monkeypatch.undo()
    with demo.app_context():
        assert worker.retry_incident(db.session.get(Application, case_id)) == 1
        db.session.commit()
    assert run_worker(demo, "w1") == 1
    with demo.app_context():
        application = db.session.get(Application, case_id)
        assert application.incident is None
        ready = db.session.scalars(
            select(HumanTask.element_id).where(HumanTask.application_id == case_id, HumanTask.state == "ready")
        ).all()
        assert ready == ["market_review"]


def test_failed_action_with_error_boundary_takes_the_modelled_path(demo, monkeypatch):
    case_id = accepted_case(demo, "service")
    run_worker(demo, "w1")
    with demo.app_context():
        task = db.session.scalar(
            select(HumanTask).where(HumanTask.application_id == case_id, HumanTask.element_id == "market_review")
        )
        approver = db.session.scalar(select(User).where(User.username == "scjg"))
        cases.complete_task(task.id, approver, {"approved": True, "opinion": "同意"})
        db.session.commit()
    monkeypatch.setitem(actions.ACTIONS, "generate_document", lambda *a: (_ for _ in ()).throw(RuntimeError("x")))
    for attempt in range(1, 6):
        run_worker(demo, "w1", later=timedelta(days=attempt))
    assert jobs(demo, case_id)["issue_certificate"].state == "done"
    with demo.app_context():
        assert db.session.get(Application, case_id).incident is None
        ready = db.session.scalars(
            select(HumanTask.element_id).where(HumanTask.application_id == case_id, HumanTask.state == "ready")
        ).all()
        assert ready == ["manual_certificate"]


@pytest.mark.postgres
def test_two_workers_racing_fire_each_timer_once(pg_demo):
    case_ids = [accepted_case(pg_demo, "timer") for _ in range(4)]
    counts: list[int] = []
    start = threading.Barrier(2)

    def race(name: str) -> None:
        start.wait()
        counts.append(run_worker(pg_demo, name))

    threads = [threading.Thread(target=race, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts) == 8  # 4 reminder timers + 4 notify actions, each run by exactly one worker
    for case_id in case_ids:
        assert events(pg_demo, case_id, "timer.fired") == 1
        assert events(pg_demo, case_id, "service.completed") == 1
    with pg_demo.app_context():
        from_bpmn = Notification.event.is_(None)
        assert db.session.scalar(select(func.count()).select_from(Notification).where(from_bpmn)) == 4


@pytest.mark.postgres
def test_killed_worker_on_postgres(pg_demo):
    case_id = accepted_case(pg_demo, "timer")
    with pg_demo.app_context():
        assert worker.claim_job("doomed", now=utcnow() + LATER) is not None
    assert run_worker(pg_demo, "w2", later=LATER + worker.LEASE + timedelta(minutes=1)) == 2
    assert events(pg_demo, case_id, "timer.fired") == 1
    assert jobs(pg_demo, case_id)["review_reminder"].state == JobState.DONE


def test_admin_incident_view_lists_and_retries(demo, login):
    case_id = accepted_case(demo, "service")
    with demo.app_context():
        application = db.session.get(Application, case_id)
        application.incident, application.incident_at = "notify_applicant: gateway down", utcnow()
        job = db.session.scalar(select(Job).where(Job.application_id == case_id))
        job.state = JobState.FAILED
        db.session.commit()
    client = login(demo.test_client(), "admin")
    page = client.get("/admin/incidents/").get_data(as_text=True)
    assert "gateway down" in page
    token = csrf_token(client, "/admin/incidents/")
    response = client.post(
        "/admin/incidents/action/", data={"action": "retry", "rowid": [str(case_id)], "csrf_token": token}
    )
    assert response.status_code == 302
    assert jobs(demo, case_id)["notify_applicant"].state == "queued"
    with demo.app_context():
        assert db.session.get(Application, case_id).incident is None
