"""Two approvers completing one task, and two parallel branches completing at once, on real PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.factories import new_token
from tests.integration.drive import live_version, user

pytestmark = pytest.mark.postgres

REVIEWS = {
    "scjg_review": {"approved": True, "opinion": "同意", "inspection_result": "pass"},
    "wsjk_review": {"approved": True, "opinion": "同意"},
}


def accepted_joint_case(app) -> int:
    from app.extensions import db
    from app.models import HumanTask, Role
    from app.services import cases
    from app.services.users import create_user

    with app.app_context():
        create_user("scjg2", "陈审批（市场监管局）", "demo1234", (Role.APPROVER,), "scjg")
        version, sample = live_version("joint")
        application = cases.submit_application(
            version=version, applicant=user("citizen"), form_data=sample, submission_token=new_token()
        )
        review = db.session.scalar(select(HumanTask).where(HumanTask.application_id == application.id))
        cases.complete_task(review.id, user("window"), {"decision": "accept"})
        db.session.commit()
        return application.id


def run_together(app, jobs: list[tuple[str, int, dict[str, Any]]], *, claim: bool = False) -> list[str]:
    """Run each (username, task id, decision) in its own thread and session, released at the same instant: a
    completion, or with ``claim`` a claim (the decision unused)."""
    from app.extensions import db
    from app.services import cases
    from app.services.errors import ServiceError

    barrier = threading.Barrier(len(jobs))
    results: list[str] = [""] * len(jobs)

    def work(index: int, username: str, task_id: int, decision: dict[str, Any]) -> None:
        with app.app_context():
            actor = user(username)
            barrier.wait()
            try:
                if claim:
                    cases.claim_task(task_id, actor)
                else:
                    cases.complete_task(task_id, actor, decision)
                db.session.commit()
                results[index] = "ok"
            except ServiceError as exc:
                db.session.rollback()
                results[index] = exc.code
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(i, *job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def open_tasks(app, application_id: int) -> dict[str, int]:
    from app.extensions import db
    from app.models import HumanTask

    with app.app_context():
        rows = db.session.scalars(
            select(HumanTask).where(HumanTask.application_id == application_id, HumanTask.state == "ready")
        ).all()
        return {t.element_id: t.id for t in rows}


def test_two_approvers_completing_one_task_yield_exactly_one_completion(pg_demo):
    application_id = accepted_joint_case(pg_demo)
    task_id = open_tasks(pg_demo, application_id)["scjg_review"]
    results = run_together(
        pg_demo, [("scjg", task_id, REVIEWS["scjg_review"]), ("scjg2", task_id, REVIEWS["scjg_review"])]
    )
    assert sorted(results) == ["already_completed", "ok"]

    from app.extensions import db
    from app.models import AuditEvent, HumanTask

    with pg_demo.app_context():
        completions = db.session.scalar(
            select(func.count()).where(
                AuditEvent.application_id == application_id, AuditEvent.action == "scjg_review.completed"
            )
        )
        assert completions == 1
        task = db.session.get(HumanTask, task_id)
        assert task.state == "completed"
    assert set(open_tasks(pg_demo, application_id)) == {"wsjk_review"}


def test_two_approvers_claiming_one_task_at_once_leave_exactly_one_claim(pg_demo):
    """Without a lock both claims read an unclaimed task, both succeed, and the later one silently takes the task
    from the earlier, who was told it was theirs."""
    application_id = accepted_joint_case(pg_demo)
    task_id = open_tasks(pg_demo, application_id)["scjg_review"]
    results = run_together(pg_demo, [("scjg", task_id, {}), ("scjg2", task_id, {})], claim=True)
    assert sorted(results) == ["forbidden", "ok"]

    from app.extensions import db
    from app.models import AuditEvent, HumanTask, User

    with pg_demo.app_context():
        claims = db.session.scalars(
            select(AuditEvent.actor_id).where(
                AuditEvent.application_id == application_id, AuditEvent.action == "task_claimed"
            )
        ).all()
        assert len(claims) == 1
        task = db.session.get(HumanTask, task_id)
        winner = db.session.get(User, claims[0])
        assert task.state == "claimed" and task.assignee_id == winner.id
        assert winner.username == ("scjg" if results[0] == "ok" else "scjg2")


def test_parallel_branches_completing_at_once_advance_the_case_exactly_once(pg_demo):
    application_id = accepted_joint_case(pg_demo)
    ready = open_tasks(pg_demo, application_id)
    results = run_together(
        pg_demo,
        [
            ("scjg", ready["scjg_review"], REVIEWS["scjg_review"]),
            ("wsjk", ready["wsjk_review"], REVIEWS["wsjk_review"]),
        ],
    )
    assert results == ["ok", "ok"]

    from app.extensions import db
    from app.models import Application, HumanTask

    with pg_demo.app_context():
        application = db.session.get(Application, application_id)
        assert application.status == "awaiting_issue"
        issue_tasks = db.session.scalars(
            select(HumanTask).where(HumanTask.application_id == application_id, HumanTask.element_id == "output_issue")
        ).all()
        assert len(issue_tasks) == 1 and issue_tasks[0].state == "ready"
        # the workflow state itself holds both decisions, so neither branch's write was lost
        assert "scjg_review" in application.workflow_state and "wsjk_review" in application.workflow_state


def _wait_for_a_lock_wait(app, timeout: float = 10.0) -> None:
    """Until some session of this database waits on a lock (the second submit, behind the first's new row)."""
    import time

    from sqlalchemy import text

    from app.extensions import db

    deadline = time.monotonic() + timeout
    with app.app_context():
        while time.monotonic() < deadline:
            waiting = db.session.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
            db.session.rollback()
            if waiting:
                return
            time.sleep(0.02)
    raise AssertionError("the second submit never waited for the first")


def test_two_submits_with_one_token_at_once_make_one_case_and_both_get_it(pg_demo):
    """A retried API call or a double click that reaches two workers: the second INSERT waits for the first
    transaction's row; once that commits, the second must answer with the same case, not fail on the unique
    constraint."""
    from app.extensions import db
    from app.models import Application
    from app.services import cases

    token = new_token()
    first_inserted = threading.Event()
    release_first = threading.Event()
    answers: dict[str, Any] = {}

    def submit(name: str) -> None:
        with pg_demo.app_context():
            try:
                version, sample = live_version("joint")
                citizen = user("citizen")
                if name == "second":
                    first_inserted.wait(10)
                application = cases.submit_application(
                    version=version, applicant=citizen, form_data=sample, submission_token=token
                )
                if name == "first":
                    first_inserted.set()
                    release_first.wait(10)
                db.session.commit()
                answers[name] = application.tracking_number
            except Exception as exc:  # noqa: BLE001 - the assertion below shows what went wrong
                db.session.rollback()
                answers[name] = exc
            finally:
                db.session.remove()

    threads = {name: threading.Thread(target=submit, args=(name,)) for name in ("first", "second")}
    for thread in threads.values():
        thread.start()
    try:
        assert first_inserted.wait(10)
        _wait_for_a_lock_wait(pg_demo)
    finally:
        release_first.set()
        for thread in threads.values():
            thread.join(timeout=30)

    assert isinstance(answers["first"], str), answers
    assert answers["second"] == answers["first"], answers
    with pg_demo.app_context():
        stored = db.session.scalar(select(func.count()).where(Application.submission_token == token))
    assert stored == 1
