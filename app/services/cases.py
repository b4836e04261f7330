"""Case operations: submit, claim, complete a step, answer a supplement request. The request owns the commit."""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import defer, joinedload, undefer

from app.domain.actors import Actor
from app.domain.lifecycle import APPLICANT_LANE, OUTPUT_LANE, WINDOW_LANE, CaseStatus
from app.extensions import db
from app.fees.service import require_settled
from app.models import OPEN_TASK_STATES, Application, HumanTask, ItemVersion, Role, User
from app.models.base import utcnow
from app.services import case_events, engine
from app.services.audit import record_event
from app.services.case_files import link_case_files
from app.services.errors import AlreadyCompleted, InvalidData, NotAllowed, NotFound, WorkflowFailed
from app.services.platform_forms import reason_problem
from app.services.row_writes import write_now
from app.services.task_lists import TaskRow, case_task_rows_from
from app.services.upserts import conflict_insert
from workflows import TaskNotReady, WorkflowIncident, start_case


def find_existing_submission(applicant: Actor, submission_token: str) -> Application | None:
    return db.session.scalar(
        select(Application).where(
            Application.applicant_id == applicant.id, Application.submission_token == submission_token
        )
    )


@cache
def _insert_case_once(dialect: str) -> Any:
    """INSERT a case unless its applicant already has one with its submission token, returning the new case.

    The unique constraint decides, not a read before the insert: a second submit of the same token that arrives
    while the first is still in flight (a retried API call, a double click reaching two workers) waits for the
    first transaction and then inserts nothing, where a read first would have seen nothing and then failed on
    the constraint. It also spares the read on every submit that is not a repeat."""
    stmt = conflict_insert(dialect, Application, "submitting a case")
    conflict = [Application.applicant_id, Application.submission_token]
    return stmt.on_conflict_do_nothing(index_elements=conflict).returning(Application)


def submit_application(
    *,
    version: ItemVersion,
    applicant: Actor,
    form_data: dict[str, Any],
    submission_token: str,
    channel: str = "online",
    entered_by: Actor | None = None,
) -> Application:
    """Create a case bound to `version` and start its workflow. `form_data` is already schema-valid.

    A repeated `submission_token` (a double-clicked submit) returns the case the first click created, also
    when the two arrive at the same time.
    """
    if version.retired_at is not None:
        existing = find_existing_submission(applicant, submission_token)
        if existing is not None:
            return existing
        raise NotFound("该事项版本已停用")
    try:
        workflow = start_case(engine.spec_for(version), form_data)
    except WorkflowIncident as exc:
        raise WorkflowFailed(f"流程启动失败：{exc}") from exc
    row = {
        "item_version_id": version.id,
        "applicant_id": applicant.id,
        "entered_by_id": entered_by.id if entered_by else None,
        "channel": channel,
        "submission_token": submission_token,
        "status": CaseStatus.SUBMITTED.value,
        "data": form_data,
        "workflow_state": "",
    }
    application = db.session.scalar(_insert_case_once(db.session.get_bind().dialect.name), [row])
    if application is None:  # the token's case exists, committed by an earlier or a concurrent submit
        existing = find_existing_submission(applicant, submission_token)
        if existing is None:
            raise RuntimeError("a submission token conflicted with a case that cannot be read")
        return existing
    engine.save_workflow(application, workflow, new_case=True)
    link_case_files(application.id, form_data)
    record_event(
        "submitted",
        actor=entered_by or applicant,
        application=application,
        after=engine.snapshot(application),
        detail={"channel": channel, "item": version.item.code, "version": version.number},
    )
    db.session.flush()
    return application


def get_task(task_id: int) -> HumanTask:
    task = db.session.get(HumanTask, task_id)
    if task is None:
        raise NotFound("任务不存在")
    return task


def check_can_work(task: HumanTask, user: Actor) -> None:
    """Window and output steps belong to window clerks, supplement answers to the applicant, the rest to the
    approvers of the department the lane names."""
    if task.lane in (WINDOW_LANE, OUTPUT_LANE):
        if not user.has_role(Role.WINDOW_CLERK):
            raise NotAllowed("只有综合窗口人员可以办理此步骤")
    elif task.lane == APPLICANT_LANE:
        if task.application.applicant_id != user.id:
            raise NotAllowed("只有申请人本人可以补正")
    else:
        if not user.has_role(Role.APPROVER) or user.department_code != task.lane:
            raise NotAllowed("此任务属于其他部门")
    if task.assignee_id is not None and task.assignee_id != user.id:
        raise NotAllowed(f"任务已由{task.assignee.display_name if task.assignee else '他人'}认领")


def claim_task(task_id: int, user: Actor) -> HumanTask:
    """Take a task: under the case lock, as a completion is, so of two approvers claiming one task at once the
    second waits and is then told who has it, instead of both being told it is theirs."""
    task = lock_task(task_id).task
    if task.state not in OPEN_TASK_STATES:
        raise AlreadyCompleted("该任务已办结")
    check_can_work(task, user)
    if task.assignee_id == user.id:
        return task
    task.assignee_id = user.id
    task.state = "claimed"
    task.claimed_at = utcnow()
    record_event("task_claimed", actor=user, application=task.application, detail={"task": task.element_id})
    db.session.flush()
    return task


def _case_lock(condition: Any) -> Select[tuple[Application]]:
    # The item version and item come in the same statement: the engine's spec cache key, the clock's promised
    # days and the response all need them, and lazy loads after the lock would each cost a round trip.
    return (
        select(Application)
        .where(condition)
        .with_for_update(of=Application)
        .options(
            undefer(Application.workflow_state),
            joinedload(Application.item_version, innerjoin=True).joinedload(ItemVersion.item, innerjoin=True),
        )
        .execution_options(populate_existing=True)
    )


# Built once with bound parameters: a request neither rebuilds the loader options nor recomputes cache keys.
_LOCK_CASE = _case_lock(Application.id == bindparam("application_id"))
_LOCK_CASE_OF_TASK = _case_lock(
    Application.id == select(HumanTask.application_id).where(HumanTask.id == bindparam("task_id")).scalar_subquery()
)
# Every task of the case with its assignee's username, in one read: the completion needs the task and the open
# ones, and its answer lists them all (a case has a handful; their decisions are not needed and stay unread).
_TASKS_OF_LOCKED_CASE = (
    select(HumanTask, User.username)
    .outerjoin(User, User.id == HumanTask.assignee_id)
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


class CompletedStep(NamedTuple):
    """A completed step: the case as it now is and its task list, built from what the step wrote."""

    application: Application
    tasks: list[TaskRow]


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
    [task] = [t for t, _ in rows if t.id == task_id]
    return LockedTask(task, application, [t for t, _ in rows], {t.id: username for t, username in rows})


def complete_task(task_id: int, user: Actor, decision: dict[str, Any]) -> Application:
    """Complete a step with its (already schema-valid) decision and move the case on."""
    return complete_locked_task(lock_task(task_id), user, decision).application


def complete_locked_task(locked: LockedTask, user: Actor, decision: dict[str, Any]) -> CompletedStep:
    """:func:`complete_task` for a task whose case the caller already holds with :func:`lock_task`; the answer
    also carries the case's task list as the step left it."""
    task, application = locked.task, locked.application
    if task.state not in OPEN_TASK_STATES:
        raise AlreadyCompleted("该任务已由他人办结，请刷新列表")
    check_can_work(task, user)
    if task.lane == OUTPUT_LANE:
        require_settled(application)  # the output step waits until the fee is paid or waived
    problems = reason_problem(task.element_id, decision)
    if problems:
        raise InvalidData("请修正标出的内容", details=problems)
    before = engine.snapshot(application)
    workflow = engine.restore(application)
    try:
        if task.lane == APPLICANT_LANE:
            workflow.update_form(decision)
            application.data = decision
        workflow.complete_task(task.spiff_task_id, {} if task.lane == APPLICANT_LANE else decision)
    except TaskNotReady as exc:
        raise AlreadyCompleted("该任务已办结，请刷新列表") from exc
    except WorkflowIncident as exc:
        raise WorkflowFailed(f"流程步骤出错：{exc}") from exc
    write_now(
        task,
        state="completed",
        completed_at=utcnow(),
        completed_by_id=user.id,
        assignee_id=task.assignee_id or user.id,
        decision=decision,
    )
    created = engine.save_workflow(application, workflow, case_tasks=locked.tasks)
    link_case_files(application.id, decision)  # a supplement's new materials, a decision's attachments
    case_events.department_decided(application, task.lane, task.id, decision)
    record_event(
        f"{task.element_id}.completed",
        actor=user,
        application=application,
        before=before,
        after=engine.snapshot(application),
        detail={"task": task.element_id, "task_name": task.name, "lane": task.lane, "decision": decision},
        note=_decision_note(decision),
    )
    db.session.flush()
    assignees = {**locked.assignees, task.id: locked.assignees.get(task.id) or user.username}
    tasks = case_task_rows_from(
        locked.tasks,
        assignees,
        created,
        tracking_number=application.tracking_number,
        item=application.item_version.item.slug,
    )
    return CompletedStep(application, tasks)


def _decision_note(decision: dict[str, Any]) -> str | None:
    for key in ("opinion", "reason", "note"):
        if decision.get(key):
            return str(decision[key])
    return None


def applications_of(applicant_id: int, limit: int = 200) -> list[Application]:
    """A person's own cases, newest first ("my applications"; the index on applicant and submission time)."""
    stmt = (
        select(Application)
        .where(Application.applicant_id == applicant_id)
        .order_by(Application.submitted_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def get_by_tracking_number(tracking_number: str) -> Application:
    stmt = (
        select(Application)
        .where(Application.tracking_number == tracking_number)
        .options(joinedload(Application.item_version, innerjoin=True).joinedload(ItemVersion.item, innerjoin=True))
    )
    application = db.session.scalar(stmt)
    if application is None:
        raise NotFound("未找到该受理编号")
    return application
