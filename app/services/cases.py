"""Case operations: submit, claim, and complete any step through one door. The request owns the commit."""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.domain import immediate
from app.domain.actors import Actor
from app.domain.centres import centre_refusal
from app.domain.lifecycle import APPLICANT_LANE, OPEN_TASK_STATES, OUTPUT_LANE, WINDOW_LANE, CaseStatus, TaskState
from app.domain.one_window import reason_problem
from app.domain.task_rights import work_refusal
from app.extensions import db
from app.fees.service import require_settled
from app.models import TASK_IS_OPEN, Application, Centre, HumanTask, ItemVersion
from app.models.base import utcnow
from app.services import case_clock, case_events, case_state, deferrals
from app.services.audit import record_event
from app.services.case_files import link_case_files
from app.services.case_locks import lock_task
from app.services.centres import default_centre
from app.services.errors import AlreadyCompleted, Conflict, InvalidData, NotAllowed, NotFound, WorkflowFailed
from app.services.row_writes import update_row
from app.services.staff_search import index_case_terms
from app.services.step_forms import application_form, decides_at_window, decision_form
from app.services.task_lists import TaskRow, case_task_rows_from, clerk_centre_id
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
    centre: Centre | None = None,
    received_centre: Centre | None = None,
) -> Application:
    """Create a case bound to `version` and start its workflow. `form_data` is already schema-valid.

    ``centre`` accepts the case (the district hall when None); ``received_centre`` took it in for it (代收代办):
    app.services.centres.route_at says which is which for a centre and an item.

    A repeated `submission_token` (a double-clicked submit) returns the case the first click created, also
    when the two arrive at the same time.
    """
    if version.retired_at is not None:
        existing = find_existing_submission(applicant, submission_token)
        if existing is not None:
            return existing
        raise NotFound("该事项版本已停用")
    try:
        workflow = start_case(case_state.spec_for(version), form_data, case_state.hall_workday)
    except WorkflowIncident as exc:
        raise WorkflowFailed(f"流程启动失败：{exc}") from exc
    accepting = (centre.id, centre.name) if centre is not None else default_centre()
    row = {
        "item_version_id": version.id,
        "centre_id": accepting[0] if accepting else None,
        "received_centre_id": received_centre.id if received_centre else None,
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
    case_state.save_workflow(application, workflow, new_case=True)
    link_case_files(application.id, form_data)
    schema = application_form(version).schema  # the version's content stays unread once its form is compiled
    index_case_terms(application.id, application.submitted_at, schema, form_data, applicant.display_name, new_case=True)
    record_event(
        "submitted",
        actor=entered_by or applicant,
        application=application,
        after=case_state.snapshot(application),
        detail={
            "channel": channel,
            "item": version.item.code,
            "version": version.number,
            **({"centre": accepting[1]} if accepting else {}),
            **({"received_at": received_centre.name} if received_centre else {}),
        },
        new_case=True,  # the case's first event: its chain starts here
    )
    db.session.flush()
    return application


def get_task(task_id: int) -> HumanTask:
    task = db.session.get(HumanTask, task_id)
    if task is None:
        raise NotFound("任务不存在")
    return task


def check_can_work(task: HumanTask, user: Actor) -> None:
    """NotAllowed unless ``user`` may claim or complete ``task`` (the rule: domain.task_rights)."""
    assignee_name = task.assignee.display_name if task.assignee_id is not None and task.assignee else None
    application = task.application
    refusal = work_refusal(
        task.lane,
        user,
        applicant_id=application.applicant_id,
        assignee_id=task.assignee_id,
        assignee_name=assignee_name,
    )
    if refusal is None and decides_at_window(task):  # 即办件: the item department's chief representative only
        item = application.item_version.item
        refusal = immediate.decision_refusal(user, item.department_id, item.department.name)
    if refusal is None and task.lane in (WINDOW_LANE, OUTPUT_LANE):
        centre_id = clerk_centre_id(user)
        if centre_id not in (None, application.centre_id) and application.centre_id is not None:
            refusal = centre_refusal(centre_id, application.centre_id, application.centre.name)
    if refusal is not None:
        raise NotAllowed(refusal)


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
    task.state = TaskState.CLAIMED.value
    task.claimed_at = utcnow()
    record_event("task_claimed", actor=user, application=task.application, detail={"task": task.element_id})
    db.session.flush()
    return task


class CompletedStep(NamedTuple):
    """A completed step: the case as it now is and its task list, built from what the step wrote."""

    application: Application
    tasks: list[TaskRow]


def complete_task(
    task_id: int, user: Actor, decision: dict[str, Any], *, element_id: str | None = None
) -> CompletedStep:
    """The one door of every case step: lock the case, check the task is still open and ``user`` may work it,
    validate ``decision`` against the step's form, run the engine, write the audit. The page, the API and the
    one-window functions (one_window.py) all come through here; the request commits.

    ``element_id``: the step the caller means (e.g. ``window_review``); another step is refused.
    Raises NotFound, AlreadyCompleted, NotAllowed, InvalidData (``details``: messages by field, as the page
    shows them) or WorkflowFailed; nothing is written then.
    """
    locked = lock_task(task_id)
    task, application = locked.task, locked.application
    if element_id is not None and task.element_id != element_id:
        raise Conflict(f"任务{task_id}不是此步骤（{element_id}）")
    if task.state not in OPEN_TASK_STATES:
        raise AlreadyCompleted("该任务已由他人办结，请刷新列表")
    check_can_work(task, user)
    if task.lane == OUTPUT_LANE:
        require_settled(application)  # the output step waits until the fee is paid or waived
        if (owed := deferrals.owed_refusal(application)) is not None:  # 容缺材料补齐后出件
            raise InvalidData(owed, details={"": [owed]})
    problems = (
        decision_form(task).validate(decision)
        or reason_problem(task.element_id, decision)
        or immediate.verdict_problem(decision)
    )
    if problems:
        raise InvalidData("请修正标出的内容", details=problems)
    deferral = deferrals.deferral_in(task, decision)  # 容缺受理: only what the guide marks deferrable
    before = case_state.snapshot(application)
    replaced = application.data if task.lane == APPLICANT_LANE else None  # kept: the window sees what changed
    workflow = case_state.restore(application)
    try:
        if task.lane == APPLICANT_LANE:
            workflow.update_form(decision)
            application.data = decision
        workflow.complete_task(task.spiff_task_id, {} if task.lane == APPLICANT_LANE else decision)
    except TaskNotReady as exc:
        raise AlreadyCompleted("该任务已办结，请刷新列表") from exc
    except WorkflowIncident as exc:
        raise WorkflowFailed(f"流程步骤出错：{exc}") from exc
    update_row(
        task,
        state=TaskState.COMPLETED.value,
        completed_at=utcnow(),
        completed_by_id=user.id,
        assignee_id=task.assignee_id or user.id,
        decision=decision,
    )
    if application.light == case_clock.PAUSED:
        case_clock.end_pause_of_finished_step(application, task, user)
    created = case_state.save_workflow(application, workflow, case_tasks=locked.tasks)
    if deferral is not None:
        deferrals.record_deferral(application, user, deferral)
    link_case_files(application.id, decision)  # a supplement's new materials, a decision's attachments
    if task.lane == APPLICANT_LANE:  # the answers changed: so may what the case is found by
        index_case_terms(
            application.id,
            application.submitted_at,
            application_form(application.item_version).schema,  # compiled once: no read of the version's content
            decision,
            application.applicant.display_name,
        )
    case_events.department_decided(application, task.lane, task.id, decision, locked.department)
    record_event(
        f"{task.element_id}.completed",
        actor=user,
        application=application,
        before=before,
        after=case_state.snapshot(application),
        detail={"task": task.element_id, "task_name": task.name, "lane": task.lane, "decision": decision}
        | ({"replaced": replaced} if replaced is not None else {}),
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


def open_supplement_task(application: Application) -> HumanTask | None:
    """The applicant's open step of a case (answering a supplement request), if it has one."""
    return db.session.scalar(
        select(HumanTask).where(
            HumanTask.application_id == application.id, HumanTask.lane == APPLICANT_LANE, TASK_IS_OPEN
        )
    )


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
