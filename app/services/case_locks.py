"""The case lock: all work on one case (a step, a claim, a job) runs while holding its row FOR UPDATE.

Two approvers (or two parallel branches, or a worker firing a timer) wait for each other here, and the row
version still guards against any writer that skipped the lock.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import defer, joinedload, undefer

from app.extensions import db
from app.models import Application, Department, HumanTask, ItemVersion, ServiceItem, User
from app.services.errors import NotFound


def _case_lock(condition: Any) -> Select[tuple[Application]]:
    # The item version, item and its department come in the same statement: the engine's spec cache key, the
    # clock's promised days, the documents and the response all need them, and lazy loads after the lock would
    # each cost a round trip.
    return (
        select(Application)
        .where(condition)
        .with_for_update(of=Application)
        .options(
            undefer(Application.workflow_state),
            joinedload(Application.item_version, innerjoin=True)
            .joinedload(ItemVersion.item, innerjoin=True)
            .joinedload(ServiceItem.department, innerjoin=True),
            # The step's messages go to the applicant (every step tells them something) and name the case's centre.
            joinedload(Application.applicant, innerjoin=True),
            joinedload(Application.centre),
        )
        .execution_options(populate_existing=True)
    )


# Built once with bound parameters: a request neither rebuilds the loader options nor recomputes cache keys.
_LOCK_CASE = _case_lock(Application.id == bindparam("application_id"))
_LOCK_CASE_OF_TASK = _case_lock(
    Application.id == select(HumanTask.application_id).where(HumanTask.id == bindparam("task_id")).scalar_subquery()
)
# Every task of the case with its assignee's username and its department's name, in one read: the completion needs
# the task and the open ones, its answer lists them all, and the applicant is told which department decided (a case
# has a handful of tasks; their decisions are not needed and stay unread).
_TASKS_OF_LOCKED_CASE = (
    select(HumanTask, User.username, Department.name)
    .outerjoin(User, User.id == HumanTask.assignee_id)
    .outerjoin(Department, Department.id == HumanTask.department_id)
    .where(HumanTask.application_id == bindparam("application_id"))
    .order_by(HumanTask.id)
    .options(defer(HumanTask.decision))
    .execution_options(populate_existing=True)
)


class LockedTask(NamedTuple):
    """A task read after its case was locked, with the case and all the case's tasks as they are now."""

    task: HumanTask
    application: Application
    tasks: list[HumanTask]
    assignees: dict[int, str | None]  # username by task id
    department: str | None  # the name of the department whose step ``task`` is (None on the platform's lanes)


def lock_case(application_id: int) -> Application:
    # Serialise work on one case: two approvers (or two parallel branches) wait for each other here,
    # and the row version still guards against any writer that skipped the lock.
    return db.session.execute(_LOCK_CASE, {"application_id": application_id}).scalar_one()


def lock_task(task_id: int) -> LockedTask:
    """The task as it is once its case is locked (another approver may have finished it a moment ago)."""
    application = db.session.execute(_LOCK_CASE_OF_TASK, {"task_id": task_id}).scalar_one_or_none()
    if application is None:
        raise NotFound("任务不存在")
    # Read after the lock is held, so a decision another approver just committed is seen.
    rows = db.session.execute(_TASKS_OF_LOCKED_CASE, {"application_id": application.id}).all()
    [(task, _, department)] = [row for row in rows if row[0].id == task_id]
    tasks = [t for t, _, _ in rows]
    return LockedTask(task, application, tasks, {t.id: username for t, username, _ in rows}, department)
