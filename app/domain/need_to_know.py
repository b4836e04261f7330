"""Need to know: who may read a case, decided in one place for every surface (pages, diagram, tasks, files,
documents, API).

An approver sees a case only when their department has or had a step on it; a supervisor and the platform admin
see every case; a window clerk sees the window's cases (there are no centres yet, so every case); the applicant,
and the clerk who entered it for them, see their own. Anyone else is told the case does not exist.

The answer is a :class:`CaseSight` rather than a yes/no so it can grow into per-department visibility of fields
(bundles): ``sections`` will name the parts of the case data a reader's department may see; today it is None,
meaning all of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.actors import Actor

SUPERVISOR, ADMIN, WINDOW_CLERK, APPROVER = "supervisor", "admin", "window_clerk", "approver"


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the decision needs to know of a case."""

    applicant_id: int
    entered_by_id: int | None
    step_departments: frozenset[int]  # departments that have or had a step (task) on the case


@dataclass(frozen=True, slots=True)
class CaseSight:
    allowed: bool
    why: str  # "applicant", "supervision", "window", "department" or "none"
    staff_read: bool  # a member of staff reading someone else's case: recorded (who, which case, when)
    sections: frozenset[str] | None = None  # None: all of the case data (per-department sections come later)


NO_SIGHT = CaseSight(False, "none", False)


def case_sight(actor: Actor, facts: CaseFacts) -> CaseSight:
    """What ``actor`` may see of the case ``facts`` describe."""
    own = actor.id in (facts.applicant_id, facts.entered_by_id)
    if actor.has_role(SUPERVISOR, ADMIN):
        return CaseSight(True, "supervision", actor.id != facts.applicant_id)
    if actor.has_role(WINDOW_CLERK):
        return CaseSight(True, "window", actor.id != facts.applicant_id)
    if actor.has_role(APPROVER) and actor.department_id is not None and actor.department_id in facts.step_departments:
        return CaseSight(True, "department", actor.id != facts.applicant_id)
    if own:
        return CaseSight(True, "applicant", False)
    return NO_SIGHT
