"""补正 after acceptance (审查中补正): a department working on its step finds something missing or wrong and asks
the applicant for it. The case's clock (and its steps') stands from that day until the applicant answers with
the corrected application; then it runs again from the next working day with the days it had left.

The window's 补正 before acceptance is a different thing: the clock has not started then (it starts the working
day after acceptance), so only a request made after acceptance stops a running clock. The step stays with its
department while it waits; the workflow does not move, only its copy of the application form is replaced.
"""

from __future__ import annotations

from typing import Any

from app.domain.actors import Actor
from app.domain.clock import PauseKind
from app.domain.lifecycle import OPEN_TASK_STATES, CaseStatus
from app.extensions import db
from app.models import Application, ClockPause, HumanTask
from app.notifications.events import notify_applicant, notify_user
from app.services import case_clock, case_state
from app.services.alerts import department_heads
from app.services.audit import record_event
from app.services.case_files import link_case_files
from app.services.case_locks import lock_case, lock_task
from app.services.errors import InvalidData, NotAllowed, NotFound
from app.services.now import today
from app.services.row_writes import update_row
from app.services.step_forms import application_form

MAX_REQUEST = 500


def awaited_supplement(application_id: int) -> ClockPause | None:
    """The running request of a department for a supplement, if the case waits for one."""
    row = case_clock.running_pause(application_id)
    if row is None or row.kind != PauseKind.SUPPLEMENT.value or row.task_id is None:
        return None
    return row


def request_supplement(task_id: int, actor: Actor, what: str) -> ClockPause:
    """The approver of an open department step asks the applicant for ``what`` (the materials or corrections,
    said once and in full: 一次性告知); the clock stops from today. The request commits."""
    locked = lock_task(task_id)
    task, application = locked.task, locked.application
    if task.state not in OPEN_TASK_STATES:
        raise NotFound("该环节已办结")
    if task.department_id is None or actor.department_id != task.department_id:
        raise NotAllowed("只有本部门审批人可以要求申请人补正")
    what = (what or "").strip()
    if not what:
        raise InvalidData("请修正标出的内容", details={"what": ["请写明需补正的材料或内容（一次性告知）"]})
    if len(what) > MAX_REQUEST:
        raise InvalidData("请修正标出的内容", details={"what": [f"补正内容最多 {MAX_REQUEST} 字"]})
    if application.accepted_at is None or application.status != CaseStatus.IN_APPROVAL.value:
        raise InvalidData("办件不在审批中，不能要求补正", details={"what": ["办件不在审批中"]})
    if case_clock.running_pause(application.id) is not None:
        raise InvalidData("办件计时已暂停，不能重复要求补正", details={"what": ["计时已暂停"]})
    row = ClockPause(
        application_id=application.id,
        task_id=task.id,
        kind=PauseKind.SUPPLEMENT.value,
        reason=what,
        started_on=today(),
        declared_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    record_event(
        "step_supplement.requested",
        actor=actor,
        application=application,
        detail={"task": task.element_id, "task_name": task.name, "what": what},
        note=what,
    )
    case_clock.recompute_case(application)
    notify_applicant(application, "supplement_requested", f"step-{row.id}", reason=what)
    return row


def answer_supplement(application_id: int, applicant: Actor, form_data: dict[str, Any]) -> ClockPause:
    """The applicant's corrected application answers the department's request: the case's form (and the
    workflow's copy) is replaced, new materials are linked, and the clock runs again. ``form_data`` is checked
    against the item's form here as well, whatever door it came through."""
    application = lock_case(application_id)
    if application.applicant_id != applicant.id:
        raise NotAllowed("只有申请人本人可以提交补正")
    row = awaited_supplement(application.id)
    if row is None:
        raise NotFound("该办件当前无需补正")
    problems = application_form(application.item_version).validate(form_data)
    if problems:
        raise InvalidData("请修正标出的内容", details=problems)
    before = application.data or {}
    workflow = case_state.restore(application)
    workflow.correct_form(form_data)
    update_row(application, workflow_state=workflow.dumps(), data=form_data)
    link_case_files(application.id, form_data)
    row.ended_on = today()
    task = db.session.get(HumanTask, row.task_id)
    changed = sorted(k for k in set(before) | set(form_data) if before.get(k) != form_data.get(k))
    record_event(
        "step_supplement.answered",
        actor=applicant,
        application=application,
        detail={"task": task.element_id if task else None, "changed": changed, "requested": row.reason},
    )
    db.session.flush()
    case_clock.recompute_case(application)
    if task is not None:
        _tell_the_department(application, task, row)
    return row


def _tell_the_department(application: Application, task: HumanTask, row: ClockPause) -> None:
    people = [task.assignee] if task.assignee is not None else []
    if task.department_id is not None:
        people += department_heads(task.department_id)
    for person in {p.id: p for p in people}.values():
        notify_user(
            person,
            "supplement_answered",
            dedupe_key=f"supplement_answered:{row.id}",
            application=application,
            channels=("inbox",),
            task=task.name,
        )
