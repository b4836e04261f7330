"""The worker's daily sweep of the clock: due dates again after a calendar change, lights again when the date
turns, and the alerts of steps that turned yellow or red.

Several workers may run it at once: the one holding the clock_state row (FOR UPDATE SKIP LOCKED) does the work,
the others skip it; what was done is written into the same row in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, case, literal, or_, select, update
from sqlalchemy.orm import joinedload

from app.domain.work_calendar import WorkCalendar
from app.extensions import db
from app.models import TASK_IS_OPEN, Application, ClockPause, ClockState, HumanTask, ItemVersion
from app.services.alerts import alert_turned_steps
from app.services.case_clock import PAUSED, recompute_case
from app.services.now import today
from app.services.work_calendar import forget_cached_calendar, read_calendar

BATCH = 500


@dataclass
class SweepReport:
    ran: bool = False
    recomputed_cases: int = 0
    relit: bool = False
    alerts: int = 0
    turned: Counter[str] = field(default_factory=Counter)


def next_workday(on: date, calendar: WorkCalendar) -> date:
    day = on + timedelta(days=1)
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def sweep(on: date | None = None, force: bool = False) -> SweepReport:
    """Run what is due; the caller commits. ``force`` relights even if today's lights are already set."""
    on = on or today()
    report = SweepReport()
    state = db.session.scalar(select(ClockState).where(ClockState.id == 1).with_for_update(skip_locked=True))
    if state is None:
        if db.session.get(ClockState, 1) is not None:
            return report  # another worker holds it
        state = ClockState(id=1, calendar_revision=1, recomputed_revision=0)
        db.session.add(state)
        db.session.flush()
    recalendar = state.calendar_revision != state.recomputed_revision
    if not (recalendar or force or state.lights_on != on):
        return report
    report.ran = True
    forget_cached_calendar()
    calendar = read_calendar()
    if recalendar:
        report.recomputed_cases = recompute_open_cases(calendar, on)
        state.recomputed_revision = state.calendar_revision
    else:
        report.recomputed_cases = recompute_paused_cases(calendar, on)
    relight(calendar, on, report)
    state.lights_on = on
    db.session.flush()
    return report


def _recompute(ids: list[int], calendar: WorkCalendar, on: date) -> int:
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        stmt = (
            select(Application)
            .where(Application.id.in_(chunk))
            .options(joinedload(Application.item_version).joinedload(ItemVersion.item))
        )
        for application in db.session.scalars(stmt):
            recompute_case(application, calendar, on, relight=False)
        db.session.flush()
    return len(ids)


def recompute_open_cases(calendar: WorkCalendar, on: date) -> int:
    """Every accepted open case against the calendar as it now is (a rare event: an admin changed it)."""
    ids = db.session.scalars(
        select(Application.id).where(Application.finished_at.is_(None), Application.accepted_at.is_not(None))
    ).all()
    return _recompute(list(ids), calendar, on)


def recompute_paused_cases(calendar: WorkCalendar, on: date) -> int:
    """A running pause's due date is projected to today: it moves one day with every day that passes."""
    ids = db.session.scalars(select(ClockPause.application_id).distinct().where(ClockPause.ended_on.is_(None))).all()
    return _recompute(list(ids), calendar, on)


def _light_expression(due, on: date, nxt: date):  # type: ignore[no-untyped-def]
    return case(
        (due.is_(None), literal("green")),
        (due < on, literal("red")),
        (due < nxt, literal("yellow")),
        else_=literal("green"),
    )


def relight(calendar: WorkCalendar, on: date, report: SweepReport) -> None:
    """Set every open case's and step's light for ``on`` in two UPDATEs; alert the steps that turned."""
    nxt = next_workday(on, calendar)
    task_light = _light_expression(HumanTask.due_date, on, nxt)
    not_paused = or_(HumanTask.light.is_(None), HumanTask.light != PAUSED)
    turned = db.session.execute(
        select(
            HumanTask.id,
            HumanTask.application_id,
            HumanTask.name,
            HumanTask.assignee_id,
            HumanTask.department_id,
            task_light.label("new"),
        ).where(
            TASK_IS_OPEN,
            not_paused,
            task_light.in_(["yellow", "red"]),
            or_(HumanTask.light.is_(None), HumanTask.light != task_light),
        )
    ).all()
    db.session.execute(
        update(HumanTask)
        .where(TASK_IS_OPEN, not_paused, or_(HumanTask.light.is_(None), HumanTask.light != task_light))
        .values(light=task_light)
        .execution_options(synchronize_session=False)
    )
    case_light = _light_expression(Application.due_date, on, nxt)
    db.session.execute(
        update(Application)
        .where(
            Application.finished_at.is_(None),
            or_(Application.light.is_(None), and_(Application.light != PAUSED, Application.light != case_light)),
        )
        .values(light=case_light)
        .execution_options(synchronize_session=False)
    )
    report.relit = True
    _alert(turned, on, report)


def _alert(turned, on: date, report: SweepReport) -> None:  # type: ignore[no-untyped-def]
    if not turned:
        return
    counts = alert_turned_steps(turned, on)
    report.alerts += counts["messages"]
    report.turned.update({light: counts[light] for light in ("yellow", "red")})
