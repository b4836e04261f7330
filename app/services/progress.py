"""A case's progress for diagrams: finished / in hand / waiting steps on the platform's one-window process and on
the item's approval BPMN, read from the case's HumanTask rows and audit events (no workflow engine needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sqlalchemy import select

import workflows
from app.domain.lifecycle import CaseStatus, TaskState
from app.extensions import db
from app.models import Application, AuditEvent, HumanTask
from workflows.bundle_process import MEMBER_CALL_PREFIX

PLATFORM_BPMN = Path(workflows.__file__).resolve().parent / "platform" / "one_window.bpmn"
PLATFORM_STEPS = {"window_review", "applicant_supplement", "output_issue"}


@cache
def platform_bpmn() -> str:
    return PLATFORM_BPMN.read_text(encoding="utf-8")


@dataclass
class Markers:
    """Element ids per marker: done (finished), active (claimed, someone is on it), waiting (ready, unclaimed)."""

    done: set[str] = field(default_factory=set)
    active: set[str] = field(default_factory=set)
    waiting: set[str] = field(default_factory=set)

    def as_json(self) -> dict[str, list[str]]:
        # A step done once and open again (a supplement loop, a returned task) shows its current state.
        open_now = self.active | self.waiting
        return {"done": sorted(self.done - open_now), "active": sorted(self.active), "waiting": sorted(self.waiting)}


@dataclass
class CaseProgress:
    platform: Markers
    approval: Markers
    # A bundle case: each member's own markers by its call (member_<code>); two members' paths may use the same
    # task ids, so one set of markers for all would show a step done in both when only one member did it.
    members: dict[str, Markers] = field(default_factory=dict)


def _completed_steps(application: Application, tasks: list[HumanTask]) -> set[str]:
    done = {t.element_id for t in tasks if t.state == TaskState.COMPLETED}
    actions = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.application_id == application.id, AuditEvent.action.like("%.completed")
        )
    )
    return done | {action.removesuffix(".completed") for action in actions}


def case_progress(application: Application) -> CaseProgress:
    """Markers for both diagrams, from the case's HumanTask rows and audit events (no workflow engine needed)."""
    tasks = list(db.session.scalars(select(HumanTask).where(HumanTask.application_id == application.id)))
    done = _completed_steps(application, tasks)
    active = {t.element_id for t in tasks if t.state == TaskState.CLAIMED}
    waiting = {t.element_id for t in tasks if t.state == TaskState.READY}
    platform = Markers(done & PLATFORM_STEPS | {"start_submitted"}, active & PLATFORM_STEPS, waiting & PLATFORM_STEPS)
    approval = Markers(done - PLATFORM_STEPS, active - PLATFORM_STEPS, waiting - PLATFORM_STEPS)
    status = CaseStatus(application.status)
    if approval.active or approval.waiting or status == CaseStatus.IN_APPROVAL:
        platform.active.add("item_approval")
    elif approval.done or status in (CaseStatus.AWAITING_ISSUE, CaseStatus.ISSUED, CaseStatus.REJECTED):
        platform.done.add("item_approval")
    if status in (CaseStatus.ISSUED, CaseStatus.REJECTED):
        platform.done.add("end_finished")
    elif status == CaseStatus.DECLINED:
        platform.done.add("end_declined")
    return CaseProgress(platform, approval, _member_markers(tasks))


def _member_markers(tasks: list[HumanTask]) -> dict[str, Markers]:
    """Markers per bundle member, from the tasks whose decision form names the member's call."""
    found: dict[str, Markers] = {}
    for task in tasks:
        if not task.form_file or not task.form_file.startswith(MEMBER_CALL_PREFIX) or "/" not in task.form_file:
            continue
        markers = found.setdefault(task.form_file.split("/", 1)[0], Markers())
        if task.state == TaskState.COMPLETED:
            markers.done.add(task.element_id)
        elif task.state == TaskState.CLAIMED:
            markers.active.add(task.element_id)
        elif task.state == TaskState.READY:
            markers.waiting.add(task.element_id)
    return found
