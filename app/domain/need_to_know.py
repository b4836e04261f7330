"""Need to know: who may read a case, decided in one place for every surface (pages, diagram, tasks, files,
documents, API).

An approver sees a case only when their department has or had a step on it; a supervisor and the platform admin
see every case; a window clerk sees the window's cases (there are no centres yet, so every case); the applicant,
and the clerk who entered it for them, see their own. Anyone else is told the case does not exist.

The answer is a :class:`CaseSight` rather than a yes/no: for an approver of a bundle case (or of an item that
declares per-department field visibility) ``sections`` names the parts of the case data their department may see
(the shared section and their own item's; app/domain/field_sight.py); None means all of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.actors import Actor
from app.domain.field_sight import sections_for

SUPERVISOR, ADMIN, WINDOW_CLERK, APPROVER = "supervisor", "admin", "window_clerk", "approver"


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the decision needs to know of a case."""

    applicant_id: int
    entered_by_id: int | None
    step_departments: frozenset[int]  # departments that have or had a step (task) on the case
    field_sight: Mapping[str, Any] | None = None  # the version's per-department field visibility, if any


@dataclass(frozen=True, slots=True)
class CaseSight:
    allowed: bool
    why: str  # "applicant", "supervision", "window", "department" or "none"
    staff_read: bool  # a member of staff reading someone else's case: recorded (who, which case, when)
    sections: frozenset[str] | None = None  # None: all of the case data; else the sections the reader may see


NO_SIGHT = CaseSight(False, "none", False)


def case_sight(actor: Actor, facts: CaseFacts) -> CaseSight:
    """What ``actor`` may see of the case ``facts`` describe."""
    own = actor.id in (facts.applicant_id, facts.entered_by_id)
    if actor.has_role(SUPERVISOR, ADMIN):
        return CaseSight(True, "supervision", actor.id != facts.applicant_id)
    if actor.has_role(WINDOW_CLERK):
        return CaseSight(True, "window", actor.id != facts.applicant_id)
    if actor.has_role(APPROVER) and actor.department_id is not None and actor.department_id in facts.step_departments:
        sections = sections_for(facts.field_sight, actor.department_code)
        return CaseSight(True, "department", actor.id != facts.applicant_id, sections)
    if own:
        return CaseSight(True, "applicant", False)
    return NO_SIGHT
