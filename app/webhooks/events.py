"""Which webhook events one case step raises, and for which department: plain rules, no Flask, no database.

``case.submitted``, ``case.accepted``, ``case.supplement_requested``, ``case.declined`` and ``case.issued`` go to
the item's department ("a case submitted to us"); ``task.ready`` goes to the department whose lane the new step is
in ("a step ready for us"). ``case.issued`` also goes to every department that had a step on the case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.domain.lifecycle import APPLICANT_LANE, OUTPUT_LANE, WINDOW_LANE, CaseStatus

EVENTS = (
    "case.submitted",
    "case.accepted",
    "case.supplement_requested",
    "case.declined",
    "task.ready",
    "case.issued",
)
PLATFORM_LANES = frozenset({WINDOW_LANE, APPLICANT_LANE, OUTPUT_LANE})


@dataclass(frozen=True)
class CaseEvent:
    event: str
    department: str  # department code
    task: dict[str, Any] = field(default_factory=dict)


def step_events(
    *,
    before: CaseStatus,
    after: CaseStatus,
    new_case: bool,
    item_department: str,
    new_tasks: Iterable[Any] = (),
    lanes_worked: Iterable[str] = (),
) -> list[CaseEvent]:
    """The events of moving from ``before`` to ``after`` (``new_tasks``: rows with id, element_id, name, lane)."""
    found: list[CaseEvent] = []
    if new_case:
        found.append(CaseEvent("case.submitted", item_department))
    if before == CaseStatus.SUBMITTED and after in (CaseStatus.IN_APPROVAL, CaseStatus.AWAITING_ISSUE):
        found.append(CaseEvent("case.accepted", item_department))
    elif after == CaseStatus.SUPPLEMENT and before != after:
        found.append(CaseEvent("case.supplement_requested", item_department))
    elif after == CaseStatus.DECLINED and before != after:
        found.append(CaseEvent("case.declined", item_department))
    for task in new_tasks:
        if task.lane not in PLATFORM_LANES:
            detail = {"id": task.id, "element_id": task.element_id, "name": task.name}
            found.append(CaseEvent("task.ready", task.lane, detail))
    if after in (CaseStatus.ISSUED, CaseStatus.REJECTED) and before != after:
        departments = {item_department, *(lane for lane in lanes_worked if lane not in PLATFORM_LANES)}
        found.extend(CaseEvent("case.issued", code) for code in sorted(departments))
    return found
