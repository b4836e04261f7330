"""The supervision dashboard (效能监察) for a period and a scope: what the hall received, accepted, declined and
finished, how fast, what is open by light and which departments have overdue steps; every figure names the
query of its cases, so each drills down to them and exports.

Every figure is one indexed query: the lights and due dates are stored on the cases and steps (kept by the
clock's sweep), and a finished case carries its working days and timeliness, so nothing walks the calendar
per row. `make bench-queries` times them at 10,000 and 1,000,000 cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select, true

from app.domain.clock import PauseKind
from app.domain.lifecycle import CaseStatus
from app.extensions import db
from app.models import TASK_IS_OPEN, Application, ClockPause, Department, HumanTask, ItemVersion, ServiceItem, User
from app.services.now import HALL_TIME
from app.services.supervision_scope import Window, centre_family

COMPLETED = (CaseStatus.ISSUED.value, CaseStatus.REJECTED.value)
LIGHTS = ("green", "yellow", "red", "paused")


@dataclass(frozen=True)
class Scope:
    """The period (hall dates, both included) and who or what the figures are about (None: everyone)."""

    start: date
    end: date
    department_id: int | None = None
    item_id: int | None = None
    clerk_id: int | None = None  # the window clerk who accepted (or declined) the case
    centre_id: int | None = None  # the centre that accepts (or took in) the case, and the stations below it
    window: Window | None = None  # a window of a centre (湖滨·1号窗口): the cases its clerks accepted or declined

    def since(self) -> datetime:
        return _utc(self.start)

    def until(self) -> datetime:
        return _utc(self.end + timedelta(days=1))


def _utc(day: date) -> datetime:
    """Midnight of a hall date, as the naive UTC the timestamp columns hold."""
    from datetime import UTC

    return datetime.combine(day, time(), HALL_TIME).astimezone(UTC).replace(tzinfo=None)


def _versions_of(scope: Scope) -> Select[Any] | None:
    if scope.item_id is None and scope.department_id is None:
        return None
    stmt = select(ItemVersion.id).join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
    if scope.item_id is not None:
        stmt = stmt.where(ServiceItem.id == scope.item_id)
    if scope.department_id is not None:
        stmt = stmt.where(ServiceItem.department_id == scope.department_id)
    return stmt


def in_scope(scope: Scope) -> ColumnElement[bool]:
    """The cases of the scope's department / item / clerk / centre (not the period: each figure has its own date)."""
    conditions: list[ColumnElement[bool]] = []
    versions = _versions_of(scope)
    if versions is not None:
        # The few version ids are read first, so the case query compares a list on an indexed column.
        conditions.append(Application.item_version_id.in_(list(db.session.scalars(versions)) or [-1]))
    centres = None if scope.centre_id is None else centre_family(scope.centre_id)
    if centres is not None:
        # Accepted there, or taken in there and forwarded up (代收代办): both are the centre's work.
        conditions.append(or_(Application.centre_id.in_(centres), Application.received_centre_id.in_(centres)))
    if scope.window is not None:
        # By the window's own centre: every centre has a "1号窗口", and the name alone would count them all.
        clerks = select(User.id).where(User.window_name == scope.window.name, User.centre_id == scope.window.centre_id)
        conditions.append(
            exists().where(
                HumanTask.application_id == Application.id,
                HumanTask.element_id == "window_review",
                HumanTask.completed_by_id.in_(list(db.session.scalars(clerks)) or [-1]),
            )
        )
    if scope.clerk_id is not None:
        conditions.append(
            exists().where(
                HumanTask.application_id == Application.id,
                HumanTask.element_id == "window_review",
                HumanTask.completed_by_id == scope.clerk_id,
            )
        )
    return and_(true(), *conditions)


def scoped_at_all(scope: Scope) -> bool:
    """Whether the scope narrows the cases at all (else: the whole district)."""
    return any(
        v is not None for v in (scope.department_id, scope.item_id, scope.clerk_id, scope.centre_id, scope.window)
    )


def _supplemented(scope: Scope) -> Select[Any]:
    """How many cases had a supplement requested in the period, counted from the pauses alone."""
    return select(func.count(func.distinct(ClockPause.application_id))).where(
        ClockPause.kind == PauseKind.SUPPLEMENT.value,
        ClockPause.started_on >= scope.start,
        ClockPause.started_on <= scope.end,
    )


def _between(column: Any, scope: Scope) -> ColumnElement[bool]:
    return and_(column >= scope.since(), column < scope.until())


# figure name -> (label, condition on the cases); drill-downs and exports list the same cases.
def figure_condition(name: str, scope: Scope) -> ColumnElement[bool]:
    finished = _between(Application.finished_at, scope)
    if name == "received":
        return _between(Application.submitted_at, scope)
    if name == "accepted":
        return _between(Application.accepted_at, scope)
    if name == "declined":
        return and_(finished, Application.status == CaseStatus.DECLINED.value)
    if name == "completed":
        return and_(finished, Application.status.in_(COMPLETED))
    if name in ("early", "on_time", "late"):
        return and_(finished, Application.status.in_(COMPLETED), Application.timeliness == name)
    if name == "supplements":
        return exists().where(
            ClockPause.application_id == Application.id,
            ClockPause.kind == PauseKind.SUPPLEMENT.value,
            ClockPause.started_on >= scope.start,
            ClockPause.started_on <= scope.end,
        )
    if name.startswith("open_") and name[5:] in LIGHTS:
        return and_(Application.finished_at.is_(None), Application.light == name[5:])
    if name.startswith("overdue_department_") and name[19:].isdecimal():
        return exists().where(
            HumanTask.application_id == Application.id,
            TASK_IS_OPEN,
            HumanTask.light == "red",
            HumanTask.department_id == int(name[19:]),
        )
    raise ValueError(f"unknown figure {name!r}")


FIGURE_LABELS = {
    "received": "收件",
    "accepted": "受理",
    "declined": "不予受理",
    "supplements": "补正告知",
    "completed": "办结",
    "early": "提前办结",
    "on_time": "按期办结",
    "late": "超期办结",
    "open_green": "在办·绿灯",
    "open_yellow": "在办·黄灯",
    "open_red": "在办·红灯",
    "open_paused": "在办·暂停计时",
}


def figure_label(name: str) -> str:
    if name.startswith("overdue_department_"):
        department = db.session.get(Department, int(name[19:]))
        return f"{department.name if department else '?'}·超期环节"
    return FIGURE_LABELS.get(name, name)


@dataclass
class Dashboard:
    scope: Scope
    counts: dict[str, int] = field(default_factory=dict)
    on_time_rate: float | None = None
    early_rate: float | None = None
    average_days: float | None = None
    p90_days: int | None = None
    open_by_light: dict[str, int] = field(default_factory=dict)
    overdue_steps: list[tuple[int, str, int]] = field(default_factory=list)  # (department id, name, steps)
    feedback: dict[str, float | int | None] = field(default_factory=dict)


def count(name: str, scope: Scope, scoped: ColumnElement[bool] | None = None) -> int:
    """One figure's count; ``scoped``: the scope's condition when the caller has it already (in_scope reads)."""
    if name == "supplements" and not scoped_at_all(scope):
        return int(db.session.scalar(_supplemented(scope)) or 0)
    scoped = in_scope(scope) if scoped is None else scoped
    stmt = select(func.count()).select_from(Application).where(figure_condition(name, scope), scoped)
    return int(db.session.scalar(stmt) or 0)


# The finished cases' figures share one pass over the period's finished cases (the finished_at index).
_FINISHED = ("declined", "completed", "early", "on_time", "late")
PERIOD_FIGURES = ("received", "accepted", "declined", "supplements", "completed", "early", "on_time", "late")


def period_counts(scope: Scope, scoped: ColumnElement[bool] | None = None) -> tuple[dict[str, int], int, float | None]:
    """The period's counts, how many completed cases have working days and their average, in one statement (one
    round trip instead of ten; each figure still reads its own index)."""
    scoped = in_scope(scope) if scoped is None else scoped
    completed = Application.status.in_(COMPLETED)
    with_days = and_(completed, Application.working_days.is_not(None))
    finished = (
        select(
            func.count().filter(Application.status == CaseStatus.DECLINED.value).label("declined"),
            func.count().filter(completed).label("completed"),
            *(
                func.count().filter(completed, Application.timeliness == t).label(t)
                for t in ("early", "on_time", "late")
            ),
            func.count().filter(with_days).label("days_n"),
            func.avg(Application.working_days).filter(with_days).label("days_avg"),
        )
        .where(_between(Application.finished_at, scope), scoped)
        .subquery()
    )

    def counted(name: str) -> Any:
        if name == "supplements" and not scoped_at_all(scope):
            # The whole district: the pauses themselves, without a probe of each paused case.
            return _supplemented(scope).scalar_subquery().label(name)
        where = and_(figure_condition(name, scope), scoped)
        return select(func.count()).select_from(Application).where(where).scalar_subquery().label(name)

    row = db.session.execute(
        select(counted("received"), counted("accepted"), counted("supplements"), finished).select_from(finished)
    ).one()
    counts = {name: int(getattr(row, name) or 0) for name in PERIOD_FIGURES}
    average = row.days_avg
    return counts, int(row.days_n or 0), None if average is None else float(average)


def open_by_light(scope: Scope, scoped: ColumnElement[bool] | None = None) -> dict[str, int]:
    scoped = in_scope(scope) if scoped is None else scoped
    stmt = (
        select(Application.light, func.count())
        .where(Application.finished_at.is_(None), scoped)
        .group_by(Application.light)
    )
    found = {light: int(n) for light, n in db.session.execute(stmt)}
    return {light: found.get(light, 0) for light in LIGHTS}


def overdue_steps_by_department(scope: Scope, scoped: ColumnElement[bool] | None = None) -> list[tuple[int, str, int]]:
    """Open red steps per department of the step (a joint case's 卫健 step counts under 卫健, not the lead)."""
    stmt = (
        select(HumanTask.department_id, func.count().label("steps"))
        .where(TASK_IS_OPEN, HumanTask.light == "red", HumanTask.department_id.is_not(None))
        .group_by(HumanTask.department_id)
    )
    if scope.department_id is not None:
        stmt = stmt.where(HumanTask.department_id == scope.department_id)
    if any(v is not None for v in (scope.item_id, scope.clerk_id, scope.centre_id, scope.window)):
        scoped = in_scope(scope) if scoped is None else scoped
        stmt = stmt.where(
            HumanTask.application_id.in_(select(Application.id).where(Application.finished_at.is_(None), scoped))
        )
    # Counted from the index alone, then named: joining the names first made PostgreSQL join every red step.
    counted = stmt.subquery()
    named = select(counted.c.department_id, Department.name, counted.c.steps).join(
        Department, Department.id == counted.c.department_id
    )
    rows = [(dept, name, int(n)) for dept, name, n in db.session.execute(named)]
    return sorted(rows, key=lambda r: (-r[2], r[1]))


def working_day_figures(
    scope: Scope, scoped: ColumnElement[bool] | None = None, counted: tuple[int, float | None] | None = None
) -> tuple[float | None, int | None]:
    """Average and 90th percentile of the working days the period's completed cases took; ``counted``: their
    number and average when period_counts read them already."""
    scoped = in_scope(scope) if scoped is None else scoped
    completed = and_(figure_condition("completed", scope), scoped, Application.working_days.is_not(None))
    if counted is None:
        n, average = db.session.execute(select(func.count(), func.avg(Application.working_days)).where(completed)).one()
    else:
        n, average = counted
    if not n:
        return None, None
    # The nearest-rank 90th percentile: the value below which 90 % of the cases lie (portable SQL, no
    # percentile_cont on SQLite); the index on (finished_at) narrows the rows, the sort is over the period only.
    rank = max(1, -(-9 * int(n) // 10))
    p90 = db.session.scalar(
        select(Application.working_days).where(completed).order_by(Application.working_days).offset(rank - 1).limit(1)
    )
    return round(float(average), 1), int(p90) if p90 is not None else None


def build_dashboard(scope: Scope) -> Dashboard:
    board = Dashboard(scope)
    scoped = in_scope(scope)  # the scope's versions, centres and clerks read once for the whole page
    board.counts, days_n, days_avg = period_counts(scope, scoped)
    done = board.counts["completed"]
    if done:
        board.on_time_rate = (board.counts["early"] + board.counts["on_time"]) / done
        board.early_rate = board.counts["early"] / done
    board.average_days, board.p90_days = working_day_figures(scope, scoped, (days_n, days_avg))
    board.open_by_light = open_by_light(scope, scoped)
    board.overdue_steps = overdue_steps_by_department(scope, scoped)
    board.feedback = feedback_figures(scope, scoped)
    return board


def feedback_figures(scope: Scope, scoped: ColumnElement[bool] | None = None) -> dict[str, float | int | None]:
    """Ratings given in the period (count, average, bad ones), follow-ups still unanswered and those past their
    deadline, complaints received in the period and still open."""
    from app.models import Complaint, Rating
    from app.services.now import today

    in_period = and_(Rating.created_at >= scope.since(), Rating.created_at < scope.until())
    rated = select(func.count(), func.avg(Rating.score), func.count().filter(Rating.score <= 2)).where(in_period)
    cases_scoped = (scope.department_id, scope.item_id, scope.clerk_id, scope.centre_id, scope.window)
    if any(v is not None for v in cases_scoped):
        scoped = in_scope(scope) if scoped is None else scoped
        rated = rated.join(Application, Application.id == Rating.application_id).where(scoped)
    n, average, bad = db.session.execute(rated).one()
    waiting = and_(Rating.follow_up_department_id.is_not(None), Rating.answered_at.is_(None))
    follow_ups = select(func.count(), func.count().filter(Rating.follow_up_due < today())).where(waiting)
    if scope.department_id is not None:
        follow_ups = follow_ups.where(Rating.follow_up_department_id == scope.department_id)
    if scope.centre_id is not None or scope.window is not None:
        scoped = in_scope(scope) if scoped is None else scoped
        follow_ups = follow_ups.where(Rating.application_id.in_(select(Application.id).where(scoped)))
    open_follow_ups, late_follow_ups = db.session.execute(follow_ups).one()
    received = and_(Complaint.created_at >= scope.since(), Complaint.created_at < scope.until())
    still_open = Complaint.status.in_(("received", "assigned"))
    complained = select(func.count().filter(received), func.count().filter(still_open)).where(or_(received, still_open))
    if scope.centre_id is not None:  # a complaint counts where it is about (its case's or its window's centre)
        complained = complained.where(Complaint.centre_id.in_(centre_family(scope.centre_id)))
    complaints, open_complaints = db.session.execute(complained).one()
    return {
        "ratings": int(n),
        "average_score": round(float(average), 2) if average is not None else None,
        "bad_ratings": int(bad),
        "open_follow_ups": int(open_follow_ups),
        "late_follow_ups": int(late_follow_ups),
        "complaints": int(complaints or 0),
        "open_complaints": int(open_complaints or 0),
    }


def cases_of(name: str, scope: Scope, limit: int | None = 500) -> list[Application]:
    """The cases behind a figure, newest first."""
    stmt = (
        select(Application)
        .where(figure_condition(name, scope), in_scope(scope))
        .order_by(Application.id.desc())
        .options(_light_load())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))


def _light_load() -> Any:
    from sqlalchemy.orm import joinedload

    return joinedload(Application.item_version).joinedload(ItemVersion.item).joinedload(ServiceItem.department)
