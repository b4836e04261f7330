"""The background worker: claim due jobs (timers, platform actions, documents to render), run each on its locked
case, commit per job; then send the outbox's due messages (app/notifications/sending.py).

Several workers may run against one PostgreSQL: a job is claimed as the outbox's messages are
(app/services/leased_claims.py: SELECT ... FOR UPDATE SKIP LOCKED, then an UPDATE that only succeeds while it is
still claimable), and the case row is locked while the job runs, so a timer fires once. A claim is a lease
(`locked_until`): a worker killed mid-job leaves the job to the next worker once the lease has passed. A job failing
`max_attempts` times is failed and the case shows an incident an admin can retry; the case state is never lost,
because a failed attempt rolls back to the last saved state.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Application, Job, JobKind, JobState, User
from app.models.base import utcnow
from app.services import case_state
from app.services.actions import run_action
from app.services.audit import record_event
from app.services.case_locks import lock_case
from app.services.leased_claims import claim_due_row
from workflows import TaskNotReady

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
RETRY_BACKOFF = timedelta(seconds=30)  # doubled after each failed attempt


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --- claiming ---


def claim_job(worker: str, now: datetime | None = None, kinds: tuple[str, ...] | None = None) -> int | None:
    """Claim one due job (queued and due, or running with an expired lease) and commit the claim; its id or None.
    ``kinds`` limits the claim to those job kinds (a worker that only renders documents, say)."""
    only = Job.kind.in_(kinds) if kinds is not None else None
    return claim_due_row(
        Job, JobState.QUEUED, JobState.RUNNING, worker, now or utcnow(), LEASE, due=Job.due_at, only=only
    )


# --- running ---


def run_job(job_id: int, worker: str, now: datetime | None = None) -> str:
    """Run a claimed job on its locked case and commit; returns the job's new state."""
    now = now or utcnow()
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None:
        return JobState.DONE
    application = lock_case(job.application_id)
    db.session.refresh(job)
    if job.state != JobState.RUNNING or job.locked_by != worker:
        db.session.rollback()  # another worker took over after our lease ran out
        return job.state
    try:
        _do(job, application, now)
    except Exception as exc:  # noqa: BLE001 - any failure of a step becomes a retry, then an incident
        db.session.rollback()
        return _record_failure(job_id, f"{type(exc).__name__}: {exc}", now)
    job.state, job.finished_at, job.locked_by, job.locked_until = JobState.DONE, utcnow(), None, None
    db.session.commit()
    return JobState.DONE


def _do(job: Job, application: Application, now: datetime) -> None:
    if job.kind == JobKind.DOCUMENT:
        from app.documents.issuing import render_queued

        render_queued(int(job.spiff_task_id.removeprefix("document:")))
        return
    before = case_state.snapshot(application)
    workflow = case_state.restore(application)
    if job.kind == JobKind.TIMER:
        fired = workflow.fire_due_timers(now.replace(tzinfo=UTC))
        if not any(t.task_id == job.spiff_task_id for t in fired):
            return  # already fired or cancelled with its task: nothing left to do
        action, detail = "timer.fired", {"timers": [t.element_id for t in fired]}
    else:
        call = next((c for c in workflow.pending_service_calls() if c.task_id == job.spiff_task_id), None)
        if call is None:
            return
        result = run_action(application, call.action, call.params)
        workflow.complete_service_call(call.task_id, result)
        action, detail = "service.completed", {"task": call.element_id, "action": call.action, "result": result}
    case_state.save_workflow(application, workflow)
    record_event(
        action,
        actor=None,
        application=application,
        before=before,
        after=case_state.snapshot(application),
        detail=detail,
    )


def _record_failure(job_id: int, message: str, now: datetime) -> str:
    job = db.session.get(Job, job_id, populate_existing=True)
    assert job is not None
    application = lock_case(job.application_id)
    db.session.refresh(job)
    job.last_error, job.locked_by, job.locked_until = message[:4000], None, None
    if job.attempts < job.max_attempts:
        job.state = JobState.QUEUED
        job.due_at = now + RETRY_BACKOFF * (2 ** (job.attempts - 1))
    elif not _follow_error_boundary(job, application, message):
        job.state, job.finished_at = JobState.FAILED, utcnow()
        application.incident = f"{job.element_id}: {message}"[:4000]
        application.incident_at = utcnow()
        record_event(
            "incident",
            actor=None,
            application=application,
            detail={"task": job.element_id, "kind": job.kind, "attempts": job.attempts, "error": message},
        )
    db.session.commit()
    return job.state


def _follow_error_boundary(job: Job, application: Application, message: str) -> bool:
    """A service task with an error boundary event takes the modelled error path instead of an incident."""
    if job.kind != JobKind.SERVICE:
        return False
    workflow = case_state.restore(application)
    try:
        if not workflow.fail_service_call(job.spiff_task_id, message):
            return False
    except TaskNotReady:
        return False
    case_state.save_workflow(application, workflow)
    job.state, job.finished_at = JobState.DONE, utcnow()
    record_event(
        "service.failed", actor=None, application=application, detail={"task": job.element_id, "error": message}
    )
    return True


def run_once(
    worker: str | None = None,
    now: datetime | None = None,
    limit: int | None = None,
    kinds: tuple[str, ...] | None = None,
) -> int:
    """Claim and run due jobs (of ``kinds``, or all) until none is left (or ``limit``); returns how many were run."""
    worker = worker or worker_name()
    _sweep_clock(now)
    _remove_unreferenced_uploads(now)
    _mark_no_shows(now)
    count = 0
    while limit is None or count < limit:
        job_id = claim_job(worker, now, kinds)
        if job_id is None:
            break
        state = run_job(job_id, worker, now)
        log.info("job %s -> %s", job_id, state)
        count += 1
    return count


def _sweep_clock(now: datetime | None) -> None:
    """Due dates after a calendar change, lights when the date turned (app/services/clock_sweep.py)."""
    from app.services.clock_sweep import sweep
    from app.services.now import local_date

    try:
        sweep(local_date(now) if now is not None else None)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def _remove_unreferenced_uploads(now: datetime | None) -> None:
    """Uploads no case names, once their grace period is over (app/services/upload_cleanup.py)."""
    from app.services.upload_cleanup import remove_unreferenced_uploads

    try:
        remove_unreferenced_uploads(now)
    except Exception:
        db.session.rollback()
        raise


def _mark_no_shows(now: datetime | None) -> None:
    """Bookings whose slot is over without a check-in count as no-shows (爽约) whether or not a window opens its
    day page (app/services/bookings.py); an indexed update of the bookings still waiting."""
    from app.services.bookings import mark_no_shows

    try:
        marked = mark_no_shows(at=now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    if marked:
        log.info("%s bookings marked as no-shows", marked)


def run_forever(poll_seconds: float = 5.0) -> None:
    from app.notifications.sending import send_due_messages
    from app.webhooks.delivery import deliver_due

    worker = worker_name()
    while True:
        try:
            if run_once(worker) + send_due_messages(worker) + deliver_due(worker) == 0:
                time.sleep(poll_seconds)
        except Exception:  # keep the loop alive; the job's own failure is already recorded
            db.session.rollback()
            log.exception("worker loop error")
            time.sleep(poll_seconds)


# --- incidents ---


def retry_incident(application: Application, actor: User | None = None) -> int:
    """Queue the case's failed jobs again and clear its incident; returns how many jobs were queued."""
    jobs = db.session.scalars(
        select(Job).where(Job.application_id == application.id, Job.state == JobState.FAILED)
    ).all()
    for job in jobs:
        job.state, job.attempts, job.due_at, job.finished_at = JobState.QUEUED, 0, utcnow(), None
    record_event(
        "incident.retried",
        actor=actor,
        application=application,
        detail={"incident": application.incident, "jobs": [j.element_id for j in jobs]},
    )
    application.incident = None
    application.incident_at = None
    db.session.flush()
    return len(jobs)
