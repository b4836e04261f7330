"""Each department's progress on a joint or bundle case: which step it is at and how it stands, never its data.

An approver of one department sees how far the others have got (部门名称, 步骤名称, 状态, light) so they can tell
the applicant or chase a colleague, but not the others' form sections, opinions or files: the rows come from the
step projection (human_task) alone, which holds no decision text here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.domain.lifecycle import OPEN_TASK_STATES, TASK_STATE_LABELS, TaskState
from app.extensions import db
from app.models import Application, HumanTask, ItemKind

# Only cases that several departments work on have others' progress to show.
SHARED_KINDS = frozenset({ItemKind.JOINT.value, ItemKind.BUNDLE.value})


@dataclass(frozen=True)
class DepartmentStep:
    department: str  # the department's name
    department_id: int
    step: str  # the step's name from the BPMN
    state: str  # TaskState value
    state_label: str  # in words (untranslated; the page translates it)
    due_date: date | None  # open steps only: the light is drawn from it

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_TASK_STATES


def department_progress(application: Application) -> list[DepartmentStep] | None:
    """The departments' steps of a joint or bundle case in the order they started, or None for other cases.

    A step the workflow dropped (a parallel branch ended the case) is left out: it was never anyone's work."""
    if application.item_version.item.kind not in SHARED_KINDS:
        return None
    tasks = db.session.scalars(
        select(HumanTask)
        .options(joinedload(HumanTask.department))
        .where(HumanTask.application_id == application.id, HumanTask.department_id.is_not(None))
        .where(HumanTask.state != TaskState.CANCELLED.value)
        .order_by(HumanTask.created_at, HumanTask.id)
    ).all()
    return [
        DepartmentStep(
            department=task.department.name if task.department else "",
            department_id=task.department_id or 0,
            step=task.name,
            state=task.state,
            state_label=TASK_STATE_LABELS[TaskState(task.state)],
            due_date=task.due_date if task.state in OPEN_TASK_STATES else None,
        )
        for task in tasks
    ]
