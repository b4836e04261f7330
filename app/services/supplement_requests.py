"""What a case waits for from its applicant (补正), whichever asked: the window before acceptance (its applicant
task, app/services/one_window.py) or a department during its step (app/services/step_supplement.py), and the one
way the applicant answers either. Services flush; the request commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.actors import Actor
from app.extensions import db
from app.models import Application, Department, HumanTask
from app.services import one_window, step_supplement
from app.services.cases import open_supplement_task
from app.services.errors import Conflict
from app.services.now import local_date
from app.services.supplements import supplement_request


@dataclass(frozen=True, slots=True)
class AwaitedSupplement:
    """One request the applicant has not answered yet."""

    asked_by: str  # "window" (before acceptance, the clock not started) or "department" (the clock stands)
    what: str  # the one-time notice's words (一次性告知)
    requested_on: date
    task_id: int  # the applicant's step (window) or the department's step that waits (department)
    task_name: str
    department: str | None  # the asking department's code (department requests only)


def awaited(application: Application) -> AwaitedSupplement | None:
    """The request the case waits for its applicant to answer, if any."""
    task = open_supplement_task(application)
    if task is not None:
        asked = local_date(task.created_at)
        return AwaitedSupplement("window", supplement_request(application), asked, task.id, task.name, None)
    pause = step_supplement.awaited_supplement(application.id)
    if pause is None or pause.task_id is None:
        return None
    step = db.session.get(HumanTask, pause.task_id)
    assert step is not None
    department = db.session.get(Department, step.department_id) if step.department_id is not None else None
    code = department.code if department is not None else None
    return AwaitedSupplement("department", pause.reason, pause.started_on, step.id, step.name, code)


def answer(application: Application, applicant: Actor, form_data: dict[str, Any]) -> AwaitedSupplement:
    """The applicant's corrected application answers what the case waits for, through that request's own step
    (the window's applicant task, or the department's pause); Conflict when nothing is awaited. Returns what was
    answered."""
    request = awaited(application)
    if request is None:
        raise Conflict(f"办件 {application.tracking_number} 当前无需补正，状态：{application.status}")
    if request.asked_by == "window":
        one_window.answer_supplement(request.task_id, applicant, form_data)
    else:
        step_supplement.answer_supplement(application.id, applicant, form_data)
    return request
