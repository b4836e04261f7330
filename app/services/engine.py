"""Glue between cases in the database and the workflow engine in workflows/ (which alone knows SpiffWorkflow)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import bindparam, select

from app.domain.calendar_cn import make_is_workday
from app.domain.lifecycle import (
    APPLICANT_LANE,
    OUTPUT_LANE,
    WINDOW_LANE,
    CaseStatus,
    check_transition,
    status_from_workflow,
)
from app.domain.working_days import add_working_days
from app.extensions import db
from app.models import OPEN_TASK_STATES, Application, Department, HumanTask, ItemVersion
from app.models.base import utcnow
from app.services import case_tally
from workflows import CaseSpec, CaseWorkflow, UserTaskInfo, case_spec, restore_case

PLATFORM_LANES = frozenset({WINDOW_LANE, APPLICANT_LANE, OUTPUT_LANE})


def spec_for(version: ItemVersion) -> CaseSpec:
    # The package is loaded from the database only when this process has not built the spec yet.
    return case_spec(version.cache_key, lambda: version.approval_package)


def restore(application: Application) -> CaseWorkflow:
    return restore_case(spec_for(application.item_version), application.workflow_state)


def _department_ids(lanes: set[str]) -> dict[str, int]:
    codes = lanes - PLATFORM_LANES
    if not codes:
        return {}
    rows = db.session.execute(select(Department.code, Department.id).where(Department.code.in_(codes)))
    return {code: dept_id for code, dept_id in rows}


def save_workflow(
    application: Application,
    workflow: CaseWorkflow,
    *,
    new_case: bool = False,
    open_tasks: Sequence[HumanTask] | None = None,
) -> None:
    """Store the workflow state, move the status, and rebuild the task projection in the same transaction.

    ``new_case``: the case was created in this transaction, so it has no task rows to read yet.
    ``open_tasks``: the case's task rows the caller read after locking the case (cases.lock_task does), so they
    need not be read again; rows no longer open by now are skipped.
    """
    ready = workflow.ready_user_tasks()
    before = CaseStatus(application.status)
    after = status_from_workflow((t.lane or "" for t in ready), workflow.is_completed, workflow.outcome)
    check_transition(before, after)
    counted_before = None if new_case else case_tally.tally_date(application)
    application.workflow_state = workflow.dumps()
    application.status = after.value
    application.outcome = workflow.outcome
    if before in (CaseStatus.SUBMITTED,) and after in (CaseStatus.IN_APPROVAL, CaseStatus.AWAITING_ISSUE):
        start_clock(application)
    if workflow.is_completed and application.finished_at is None:
        application.finished_at = utcnow()
    case_tally.follow_case(application, counted_before)  # due date and finished time change only above
    sync_tasks(application, ready, new_case=new_case, open_tasks=open_tasks)
    from app.services.worker import sync_jobs  # the worker imports this module

    sync_jobs(application, workflow)


def start_clock(application: Application) -> None:
    """Acceptance starts the working-day clock against the item's promised limit."""
    now = utcnow()
    application.accepted_at = now
    days = application.item_version.item.promised_days
    application.due_date = add_working_days(now.date(), days, make_is_workday())


def sync_tasks(
    application: Application,
    ready: list[UserTaskInfo],
    *,
    new_case: bool = False,
    open_tasks: Sequence[HumanTask] | None = None,
) -> None:
    if new_case:
        existing: dict[str, HumanTask] = {}
    elif open_tasks is not None:
        existing = {t.spiff_task_id: t for t in open_tasks if t.state in OPEN_TASK_STATES}
    else:
        existing = _open_tasks_by_spiff_id(application)
    ready_ids = {t.task_id for t in ready}
    for task_id, row in existing.items():
        if task_id not in ready_ids:
            row.state = "cancelled"
            row.completed_at = utcnow()
    new_tasks = [info for info in ready if info.task_id not in existing]
    departments = _department_ids({t.lane or "" for t in new_tasks})
    for info in new_tasks:
        lane = info.lane or ""
        db.session.add(
            HumanTask(
                application_id=application.id,
                spiff_task_id=info.task_id,
                element_id=info.element_id,
                name=info.name or info.element_id,
                lane=lane,
                department_id=departments.get(lane),
                form_file=info.form_file,
                state="ready",
                due_date=application.due_date or _window_due(application),
            )
        )


_OPEN_TASKS_OF_CASE = select(HumanTask).where(
    HumanTask.application_id == bindparam("application_id"), HumanTask.state.in_(OPEN_TASK_STATES)
)


def _open_tasks_by_spiff_id(application: Application) -> dict[str, HumanTask]:
    rows = db.session.scalars(_OPEN_TASKS_OF_CASE, {"application_id": application.id})
    return {t.spiff_task_id: t for t in rows}


def _window_due(application: Application) -> date:
    # Before acceptance the window itself owes an answer by the next working day.
    return add_working_days(application.submitted_at.date(), 1, make_is_workday())


def snapshot(application: Application) -> dict[str, Any]:
    return {"status": application.status, "outcome": application.outcome}
