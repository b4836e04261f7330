"""The clock of each case and step, kept in their rows: due date and light set when the clock starts or a step
is created, moved by pauses (补正, 特别程序), recomputed by the worker's sweep (app/services/clock_sweep.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import select, update

from app.domain.actors import Actor
from app.domain.clock import Pause, PauseKind, due_date, light, pause_notice, working_days_used
from app.domain.lifecycle import PLATFORM_LANES
from app.domain.work_calendar import WorkCalendar
from app.extensions import db
from app.models import TASK_IS_OPEN, Application, ClockPause, HumanTask
from app.services import case_tally
from app.services.audit import record_event
from app.services.errors import InvalidData, NotAllowed, NotFound
from app.services.now import local_date, now, today
from app.services.work_calendar import load_calendar

PAUSED = "paused"


def light_value(due: date | None, on: date, calendar: WorkCalendar, paused: bool = False) -> str:
    lit = light(due, on, calendar, paused)
    return PAUSED if lit is None else lit.value


def clock_start(application: Application) -> dict[str, Any]:
    """Acceptance starts the clock against the item's promised limit: the case columns that say so."""
    accepted_at = now()
    calendar = load_calendar()
    on = local_date(accepted_at)
    due = due_date(on, application.item_version.item.promised_days, calendar)
    return {"accepted_at": accepted_at, "due_date": due, "light": light_value(due, today(), calendar)}


def finish_columns(application: Application, finished_at: datetime) -> dict[str, Any]:
    """A finishing case keeps what the dashboard asks of it: working days used, and early / on_time / late."""
    if application.accepted_at is None or application.due_date is None:
        return {"finished_at": finished_at, "working_days": None, "timeliness": None}
    finished_on = local_date(finished_at)
    used = working_days_used(
        local_date(application.accepted_at),
        finished_on,
        load_calendar(),
        as_domain(pauses_of(application.id)),
        today=finished_on,
    )
    if finished_on < application.due_date:
        timeliness = "early"
    elif finished_on == application.due_date:
        timeliness = "on_time"
    else:
        timeliness = "late"
    return {"finished_at": finished_at, "working_days": used, "timeliness": timeliness}


def window_due(application: Application) -> date:
    """Before acceptance the window owes an answer by the next working day after submission."""
    result = due_date(local_date(application.submitted_at), 1, load_calendar())
    assert result is not None
    return result


def pauses_of(application_id: int) -> list[ClockPause]:
    stmt = select(ClockPause).where(ClockPause.application_id == application_id).order_by(ClockPause.started_on)
    return list(db.session.scalars(stmt))


def as_domain(rows: list[ClockPause]) -> list[Pause]:
    return [Pause(r.started_on, r.ended_on, PauseKind(r.kind), r.reason) for r in rows]


def running_pause(application_id: int) -> ClockPause | None:
    return next((p for p in reversed(pauses_of(application_id)) if p.ended_on is None), None)


def case_pause_notice(application_id: int) -> str | None:
    """ "已暂停：等待申请人补正，自 12月3日" while the clock stands, else None."""
    row = running_pause(application_id)
    return None if row is None else pause_notice(as_domain([row])[0])


def recompute_case(
    application: Application, calendar: WorkCalendar | None = None, on: date | None = None, *, relight: bool = True
) -> None:
    """Due date and light of an accepted open case and its open steps, from its acceptance, limit and pauses.

    ``relight=False`` (the worker's sweep) leaves a running clock's light to the sweep's own relight, which sees
    which steps turned yellow or red and alerts them."""
    if application.accepted_at is None or application.finished_at is not None:
        return
    calendar = calendar or load_calendar()
    on = on or today()
    rows = pauses_of(application.id)
    paused = any(r.ended_on is None for r in rows)
    due = due_date(
        local_date(application.accepted_at),
        application.item_version.item.promised_days,
        calendar,
        as_domain(rows),
        today=on,
    )
    lit = light_value(due, on, calendar, paused)
    if not relight and not paused and application.light != PAUSED:
        lit = application.light or lit
    counted_before = case_tally.tally_date(application)
    if (due, lit) != (application.due_date, application.light):
        application.due_date, application.light = due, lit
        db.session.flush()
        case_tally.follow_case(application, counted_before)
    values: dict[str, Any] = {"due_date": due}
    if relight or paused:
        values["light"] = lit
    db.session.execute(
        update(HumanTask)
        .where(HumanTask.application_id == application.id, TASK_IS_OPEN, HumanTask.limit_days.is_(None))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    _recompute_limited_steps(application.id, rows, calendar, on, relight=relight or paused)


def step_due(opened_on: date, limit_days: int, calendar: WorkCalendar, pauses: list[Pause], on: date) -> date | None:
    """A step with its own limit is due at the end of its N-th working day after it opened; the case's pauses
    (补正, 特别程序) stop its clock as they stop the case's."""
    return due_date(opened_on, limit_days, calendar, pauses, today=on)


def start_step_clocks(application: Application, rows: list[dict[str, Any]]) -> None:
    """Due date and light of steps opening now with their own limit (``rows`` about to be inserted, changed in
    place). The case's pauses are read only while its clock stands, so a step costs no query otherwise."""
    calendar, on = load_calendar(), today()
    paused = application.light == PAUSED
    pauses = as_domain(pauses_of(application.id)) if paused else []
    for row in rows:
        if row["limit_days"] is None:
            continue
        row["due_date"] = step_due(on, row["limit_days"], calendar, pauses, on)
        row["light"] = light_value(row["due_date"], on, calendar, paused)


class _Turned(NamedTuple):
    id: int
    application_id: int
    new: str


def alert_steps_opened_late(application: Application, created: list[tuple[Any, str | None]]) -> None:
    """A department step that opens already on its last working day (or late) never "turns" yellow in the
    sweep: its alerts ("step about to be late", overdue) go out as it opens."""
    turned = [
        _Turned(task.id, application.id, lit)
        for task, lit in created
        if lit in ("yellow", "red") and task.lane not in PLATFORM_LANES
    ]
    if turned:
        from app.services.alerts import alert_turned_steps

        alert_turned_steps(turned, today())


def _recompute_limited_steps(
    application_id: int, rows: list[ClockPause], calendar: WorkCalendar, on: date, *, relight: bool
) -> None:
    """The open steps that carry their own limit: each its own due date (and light), from the day it opened."""
    steps = db.session.execute(
        select(HumanTask.id, HumanTask.limit_days, HumanTask.created_at, HumanTask.light).where(
            HumanTask.application_id == application_id, TASK_IS_OPEN, HumanTask.limit_days.is_not(None)
        )
    ).all()
    if not steps:
        return
    pauses = as_domain(rows)
    paused = any(r.ended_on is None for r in rows)
    for step in steps:
        due = step_due(local_date(step.created_at), step.limit_days, calendar, pauses, on)
        values: dict[str, Any] = {"due_date": due}
        if relight or paused:
            values["light"] = light_value(due, on, calendar, paused)
        elif step.light == PAUSED:  # the sweep relights a running clock, but not one it left paused
            values["light"] = light_value(due, on, calendar)
        db.session.execute(
            update(HumanTask)
            .where(HumanTask.id == step.id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def follow_status(application: Application, before: str, after: str) -> None:
    """Entering 补正 stops the clock from today; leaving it lets it run again from the next working day."""
    if before == after or "supplement" not in (before, after):
        return
    if after == "supplement":
        db.session.add(ClockPause(application_id=application.id, kind=PauseKind.SUPPLEMENT.value, started_on=today()))
        record_event("clock.paused", actor=None, application=application, detail={"kind": "supplement"})
    else:
        row = running_pause(application.id)
        if row is not None and row.kind == PauseKind.SUPPLEMENT.value:
            row.ended_on = today()
            record_event("clock.resumed", actor=None, application=application, detail={"kind": "supplement"})
    db.session.flush()
    recompute_case(application)


def declare_excluded_period(task: HumanTask, actor: Actor, reason: str, expected_days: int | None) -> ClockPause:
    """特别程序: the approver of the step says why and for about how long the clock stands (expert review,
    hearing, public notice, on-site inspection); it stands from today until they end it."""
    if task.department_id is None or actor.department_id != task.department_id:
        raise NotAllowed("只有本部门审批人可以申报特别程序")
    reason = (reason or "").strip()
    problems: dict[str, list[str]] = {}
    if not reason:
        problems["reason"] = ["请填写特别程序的事由（如专家评审、听证、公示、现场勘验）"]
    if expected_days is not None and not 1 <= expected_days <= 365:
        problems["expected_days"] = ["预计时长应为 1–365 个工作日"]
    if problems:
        raise InvalidData("请修正标出的内容", details=problems)
    if running_pause(task.application_id) is not None:
        raise InvalidData("办件计时已暂停，不能重复申报", details={"reason": ["计时已暂停"]})
    row = ClockPause(
        application_id=task.application_id,
        task_id=task.id,
        kind=PauseKind.EXCLUDED.value,
        reason=reason[:500],
        expected_days=expected_days,
        started_on=today(),
        declared_by_id=actor.id,
    )
    db.session.add(row)
    record_event(
        "clock.excluded_period_declared",
        actor=actor,
        application=task.application,
        detail={"task": task.element_id, "reason": row.reason, "expected_days": expected_days},
        note=row.reason,
    )
    db.session.flush()
    recompute_case(task.application)
    return row


def end_excluded_period(application: Application, actor: Actor) -> None:
    row = running_pause(application.id)
    if row is None or row.kind != PauseKind.EXCLUDED.value:
        raise NotFound("没有进行中的特别程序")
    if actor.id != row.declared_by_id and not actor.has_role("supervisor", "admin"):
        raise NotAllowed("只有申报人或监察人员可以结束特别程序")
    row.ended_on = today()
    record_event(
        "clock.excluded_period_ended",
        actor=actor,
        application=application,
        detail={"reason": row.reason, "from": row.started_on.isoformat(), "to": row.ended_on.isoformat()},
    )
    db.session.flush()
    recompute_case(application)


def end_pause_of_finished_step(application: Application, task: HumanTask, actor: Actor) -> None:
    """A step that is decided ends the pause it declared: the excluded period was part of its work, and a
    supplement it asked for is no longer awaited."""
    row = running_pause(application.id)
    if row is None or row.task_id != task.id:
        return
    row.ended_on = today()
    record_event(
        "clock.resumed",
        actor=actor,
        application=application,
        detail={"kind": row.kind, "task": task.element_id, "because": "step_completed"},
    )
    db.session.flush()
    recompute_case(application)
