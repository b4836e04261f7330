"""Jobs kept in step with a case's workflow: a queued job for every timer and service call the case waits on.

Called by case_state.save_workflow in the step's own transaction; the worker (worker.py) claims and runs the jobs.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Application, Job, JobKind, JobState
from app.models.base import utcnow
from workflows import CaseWorkflow

# --- keeping jobs in step with the workflow (called by case_state.save_workflow, same transaction) ---


def sync_jobs(application: Application, workflow: CaseWorkflow) -> None:
    """Queue a job for every timer and service call the case waits on; close jobs whose step has gone."""
    wanted: dict[tuple[str, str], tuple[str, str | None, datetime]] = {}
    for timer in workflow.due_timers():
        fire_at = timer.fire_at.astimezone(UTC).replace(tzinfo=None)
        wanted[(JobKind.TIMER, timer.task_id)] = (timer.element_id, None, fire_at)
    for call in workflow.pending_service_calls():
        wanted[(JobKind.SERVICE, call.task_id)] = (call.element_id, call.action, utcnow())
    if not wanted and not application.has_jobs:
        return  # nothing to queue, and no job of this case can be left to close
    if application.id is None:
        db.session.flush()
    existing = {  # documents are jobs too, but not steps of the workflow: this never closes them
        (j.kind, j.spiff_task_id): j
        for j in db.session.scalars(
            select(Job).where(Job.application_id == application.id, Job.kind.in_((JobKind.TIMER, JobKind.SERVICE)))
        )
    }
    now = utcnow()
    for key, job in existing.items():
        if key not in wanted and job.state in (JobState.QUEUED, JobState.RUNNING, JobState.FAILED):
            job.state, job.finished_at, job.locked_by, job.locked_until = JobState.DONE, now, None, None
    for (kind, task_id), (element_id, action, due_at) in wanted.items():
        if (kind, task_id) not in existing:
            db.session.add(
                Job(
                    kind=kind,
                    application_id=application.id,
                    spiff_task_id=task_id,
                    element_id=element_id,
                    action=action,
                    due_at=due_at,
                    state=JobState.QUEUED,
                )
            )
            application.has_jobs = True
