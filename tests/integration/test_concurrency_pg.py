"""Two approvers completing one task, and two parallel branches completing at once, on real PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.factories import demo_item, new_token

pytestmark = pytest.mark.postgres

REVIEWS = {
    "scjg_review": {"approved": True, "opinion": "同意", "inspection_result": "pass"},
    "wsjk_review": {"approved": True, "opinion": "同意"},
}


def accepted_joint_case(app) -> int:
    from app.extensions import db
    from app.models import HumanTask, ItemVersion, Role, ServiceItem, User
    from app.services import cases
    from app.services.users import create_user

    slug, sample = demo_item("joint")
    with app.app_context():
        create_user("scjg2", "陈审批（市场监管局）", "demo1234", (Role.APPROVER,), "scjg")
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        version = db.session.get(ItemVersion, item.live_version_id)
        citizen = db.session.scalar(select(User).where(User.username == "citizen"))
        window = db.session.scalar(select(User).where(User.username == "window"))
        application = cases.submit_application(
            version=version, applicant=citizen, form_data=sample, submission_token=new_token()
        )
        review = db.session.scalar(select(HumanTask).where(HumanTask.application_id == application.id))
        cases.complete_task(review.id, window, {"decision": "accept"})
        db.session.commit()
        return application.id


def run_together(app, jobs: list[tuple[str, int, dict[str, Any]]]) -> list[str]:
    """Run each (username, task id, decision) in its own thread and session, released at the same instant."""
    from app.extensions import db
    from app.models import User
    from app.services import cases
    from app.services.errors import ServiceError

    barrier = threading.Barrier(len(jobs))
    results: list[str] = [""] * len(jobs)

    def work(index: int, username: str, task_id: int, decision: dict[str, Any]) -> None:
        with app.app_context():
            user = db.session.scalar(select(User).where(User.username == username))
            barrier.wait()
            try:
                cases.complete_task(task_id, user, decision)
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
