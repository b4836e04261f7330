"""The working-day clock of a case or a step: pure functions with the calendar passed in.

- The clock starts on the working day after acceptance and the limit ends with the N-th working day it counts;
  an immediate item (0 days) is due the day it is accepted. Days only: hours never enter the count.
- It stops while the case waits for the applicant (补正) and during a declared excluded period (特别程序:
  expert review, hearing, public notice, on-site inspection): every date from the day the pause starts to the day
  it ends counts for nothing, and the clock resumes the working day after, with the days it had left.
- A pause still running has no end yet: the due date is then projected as if it ended today.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.working_days import Light, working_days_between

IsWorkday = Callable[[date], bool]


class PauseKind(enum.StrEnum):
    SUPPLEMENT = "supplement"  # 等待申请人补正
    EXCLUDED = "excluded"  # 特别程序（专家评审、听证、公示、现场勘验）


PAUSE_LABELS = {PauseKind.SUPPLEMENT: "等待申请人补正", PauseKind.EXCLUDED: "特别程序"}


@dataclass(frozen=True)
class Pause:
    """The clock stands still from ``start`` to ``end`` (both included); ``end`` None: it still stands."""

    start: date
    end: date | None
    kind: PauseKind = PauseKind.SUPPLEMENT
    reason: str = ""

    def covers(self, day: date, today: date | None = None) -> bool:
        end = self.end if self.end is not None else today
        if end is None:
            return day >= self.start
        return self.start <= day <= end


def counts(day: date, is_workday: IsWorkday, pauses: Sequence[Pause], today: date | None = None) -> bool:
    """Whether ``day`` is a working day the clock runs on."""
    return is_workday(day) and not any(p.covers(day, today) for p in pauses)


def due_date(
    started_on: date, days: int, is_workday: IsWorkday, pauses: Sequence[Pause] = (), today: date | None = None
) -> date | None:
    """The last day of a limit of ``days`` working days for something accepted (or created) on ``started_on``.

    ``today`` ends a pause still running, for a projection; without it such a pause has no end and neither has
    the limit (None)."""
    if days < 0:
        raise ValueError("a limit is a number of working days, not negative")
    if days == 0:
        return started_on
    if today is None and any(p.end is None for p in pauses):
        return None
    current, remaining = started_on, days
    guard = started_on + timedelta(days=days * 7 + 3660)  # ten years of pauses and holidays is not a calendar
    while remaining:
        current += timedelta(days=1)
        if current > guard:
            raise ValueError("the calendar has no working day left for this limit")
        if counts(current, is_workday, pauses, today):
            remaining -= 1
    return current


def working_days_used(
    started_on: date, until: date, is_workday: IsWorkday, pauses: Sequence[Pause] = (), today: date | None = None
) -> int:
    """Working days the clock ran after ``started_on`` up to and including ``until`` (what a finished case took)."""
    used, current = 0, started_on
    while current < until:
        current += timedelta(days=1)
        if counts(current, is_workday, pauses, today):
            used += 1
    return used


def light(due: date | None, today: date, is_workday: IsWorkday, paused: bool = False) -> Light | None:
    """Green while in time, yellow on the last working day, red once overdue; None while the clock stands
    (a paused case or step is shown as paused, not judged)."""
    if paused:
        return None
    if due is None:
        return Light.GREEN
    if today > due:
        return Light.RED
    nxt = today + timedelta(days=1)
    while nxt <= due and not is_workday(nxt):
        nxt += timedelta(days=1)
    return Light.YELLOW if nxt > due else Light.GREEN


def working_days_left(due: date | None, today: date, is_workday: IsWorkday) -> int | None:
    """Working days left until ``due`` (0 on the due day itself); negative: working days overdue."""
    if due is None:
        return None
    if today <= due:
        return working_days_between(today, due, is_workday)
    return -max(1, working_days_between(due, today, is_workday))


def pause_notice(pause: Pause) -> str:
    """The line the case page shows, e.g. "已暂停：等待申请人补正，自 12月3日"."""
    label = PAUSE_LABELS[pause.kind]
    if pause.kind is PauseKind.EXCLUDED and pause.reason:
        label = f"{label}（{pause.reason}）"
    return f"已暂停：{label}，自 {pause.start.month}月{pause.start.day}日"
