"""A case's state after each step: the workflow saved, the status moved, the task projection rebuilt (the engine
itself is in workflows/, which alone knows SpiffWorkflow)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, select

from app.domain.lifecycle import (
    OPEN_TASK_STATES,
    PLATFORM_LANES,
    CaseStatus,
    TaskState,
    check_transition,
    status_from_workflow,
)
from app.domain.tracking_numbers import new_tracking_number
from app.extensions import db
from app.models import TASK_IS_OPEN, Application, Department, HumanTask, ItemVersion
from app.models.base import utcnow
from app.services import case_clock, case_tally
from app.services.case_events import after_step
from app.services.job_sync import sync_jobs
from app.services.now import now, today
from app.services.read_models import TaskRow
from app.services.row_writes import update_row
from app.services.work_calendar import load_calendar
from workflows import CaseSpec, CaseWorkflow, UserTaskInfo, case_spec, restore_case


def spec_for(version: ItemVersion) -> CaseSpec:
    # The package is loaded from the database only when this process has not built the spec yet.
    return case_spec(version.cache_key, lambda: version.approval_package)


def hall_workday(day: date) -> bool:
    """The hall's calendar for timers counted in working days, read only when such a timer starts waiting."""
    return load_calendar().is_workday(day)


def restore(application: Application) -> CaseWorkflow:
    return restore_case(spec_for(application.item_version), application.workflow_state, hall_workday)


def save_workflow(
    application: Application,
    workflow: CaseWorkflow,
    *,
    new_case: bool = False,
    case_tasks: Sequence[HumanTask] | None = None,
) -> list[TaskRow]:
    """Store the workflow state, move the status, and rebuild the task projection in the same transaction.

    ``new_case``: the case was created in this transaction, so it has no task rows to read yet.
    ``case_tasks``: the case's task rows the caller read after locking the case (case_locks.lock_task does), so they
    need not be read again; only the rows still open count.
    Returns the task rows it inserted.
    """
    ready = workflow.ready_user_tasks()
    before = CaseStatus(application.status)
    after = status_from_workflow((t.lane or "" for t in ready), workflow.is_completed, workflow.outcome)
    check_transition(before, after)
    counted_before = None if new_case else case_tally.tally_date(application)
    columns: dict[str, Any] = {"workflow_state": workflow.dumps(), "status": after.value, "outcome": workflow.outcome}
    if new_case:
        columns["tracking_number"] = new_tracking_number(application.submitted_at)
    if before in (CaseStatus.SUBMITTED,) and after in (CaseStatus.IN_APPROVAL, CaseStatus.AWAITING_ISSUE):
        columns.update(case_clock.clock_start(application))
    if workflow.is_completed and application.finished_at is None:
        columns.update(case_clock.finish_columns(application, now()))
    update_row(application, **columns)
    case_tally.follow_case(application, counted_before)  # due date and finished time change only above
    if before != after and CaseStatus.SUPPLEMENT in (before, after):
        case_clock.follow_status(application, before.value, after.value)
    created = sync_tasks(
        application, ready, new_case=new_case, case_tasks=case_tasks, step_limits=workflow.ready_step_limits
    )
    sync_jobs(application, workflow)
    after_step(application, before, after, workflow.data, created, new_case=new_case)
    return created


def sync_tasks(
    application: Application,
    ready: list[UserTaskInfo],
    *,
    new_case: bool = False,
    case_tasks: Sequence[HumanTask] | None = None,
    step_limits: Callable[[], Mapping[str, int]] = dict,
) -> list[TaskRow]:
    """Cancel the rows of tasks no longer ready, insert rows for newly ready ones. ``step_limits`` tells the
    ready tasks' own limits (CaseWorkflow.ready_step_limits), asked only when a task opens."""
    if new_case:
        existing: dict[str, HumanTask] = {}
    elif case_tasks is not None:
        existing = {t.spiff_task_id: t for t in case_tasks if t.state in OPEN_TASK_STATES}
    else:
        existing = _open_tasks_by_spiff_id(application)
    ready_ids = {t.task_id for t in ready}
    for task_id, row in existing.items():
        if task_id not in ready_ids:
            update_row(row, state=TaskState.CANCELLED.value, completed_at=utcnow())
    new_tasks = [info for info in ready if info.task_id not in existing]
    if not new_tasks:
        return []
    limits = step_limits()
    opened_at = now()  # the hall's clock, as acceptance uses: a step's own limit counts from the day it opened
    due = application.due_date or case_clock.window_due(application)
    light = application.light or case_clock.light_value(due, today(), load_calendar())
    rows = [
        {
            "application_id": application.id,
            "spiff_task_id": info.task_id,
            "element_id": info.element_id,
            "name": info.name or info.element_id,
            "lane": info.lane or "",
            "department_code": None if (info.lane or "") in PLATFORM_LANES else info.lane,
            "form_file": info.form_file,
            "limit_days": _own_limit(application, info, limits.get(info.task_id)),
            "due_date": due,
            "light": light,
            "created_at": opened_at,
        }
        for info in new_tasks
    ]
    if any(r["limit_days"] is not None for r in rows):
        case_clock.start_step_clocks(application, rows)
    # Core on the session's connection: the rows are only inserted here, so the ORM's unit of work (and a
    # Session.execute autoflush) would be pure overhead on every step of every case. The ids come back in the
    # order of the rows (with the department the lane named), so the step's answer can list the new tasks and decide
    # who may see the case without reading them again.
    inserted = db.session.connection().execute(_INSERT_TASK, rows).all()
    ready, number, item = TaskState.READY.value, application.tracking_number, application.item_version.item.slug
    pairs = list(zip(inserted, rows, strict=True))
    created = [
        TaskRow(i, r["element_id"], r["name"], r["lane"], ready, None, r["due_date"], number, item, department)
        for (i, department), r in pairs
    ]
    case_clock.alert_steps_opened_late(application, [(c, r["light"]) for c, (_, r) in zip(created, pairs, strict=True)])
    return created


def _own_limit(application: Application, info: UserTaskInfo, days: int | None) -> int | None:
    """A department step's own limit counts once the case is accepted; the platform's steps run on the case's."""
    if days is None or application.accepted_at is None or (info.lane or "") in PLATFORM_LANES:
        return None
    return days


# A lane names its department by code; the department's id comes from the same statement, not a lookup before it.
_INSERT_TASK = (
    insert(HumanTask.__table__)
    .values(
        application_id=bindparam("application_id"),
        spiff_task_id=bindparam("spiff_task_id"),
        element_id=bindparam("element_id"),
        name=bindparam("name"),
        lane=bindparam("lane"),
        department_id=select(Department.id).where(Department.code == bindparam("department_code")).scalar_subquery(),
        form_file=bindparam("form_file"),
        limit_days=bindparam("limit_days"),
        state=TaskState.READY.value,
        due_date=bindparam("due_date"),
        light=bindparam("light"),
        created_at=bindparam("created_at"),
    )
    .returning(HumanTask.__table__.c.id, HumanTask.__table__.c.department_id, sort_by_parameter_order=True)
)


_OPEN_TASKS_OF_CASE = select(HumanTask).where(HumanTask.application_id == bindparam("application_id"), TASK_IS_OPEN)


def _open_tasks_by_spiff_id(application: Application) -> dict[str, HumanTask]:
    rows = db.session.scalars(_OPEN_TASKS_OF_CASE, {"application_id": application.id})
    return {t.spiff_task_id: t for t in rows}


def snapshot(application: Application) -> dict[str, Any]:
    return {"status": application.status, "outcome": application.outcome}
