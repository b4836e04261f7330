"""Supervision alerts (电子监察预警) through the notification outbox (app/notifications): the day a step turns
yellow its assignee and the department's head hear of it, the day it turns red the supervisors too, and each
department's head gets a daily digest. Every message has a dedupe key (the step and its due date, the
department and the day), so a second worker or a second sweep queues nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Application, Department, HumanTask, Notification, Role, User, UserRole
from app.notifications.events import notify_user

SITE_CHANNEL = "site"


def queue_alert(recipient: str, body: str, application_id: int | None = None) -> None:
    """A free-text alert to ``user:<username>``, ``dept:<code>`` or ``role:<role>``, delivered to each named
    person's inbox by the sending side (app/notifications/site_alerts.py)."""
    db.session.add(Notification(application_id=application_id, channel=SITE_CHANNEL, recipient=recipient, body=body))


def _users_with(role: str, department_id: int | None = None) -> list[User]:
    stmt = select(User).join(UserRole, UserRole.user_id == User.id).where(UserRole.role == role, User.active)
    if department_id is not None:
        stmt = stmt.where(User.department_id == department_id)
    return list(db.session.scalars(stmt))


def department_heads(department_id: int) -> list[User]:
    """The department's admins stand for its head (负责人); a department without one: its approvers."""
    return _users_with(Role.DEPARTMENT_ADMIN, department_id) or _users_with(Role.APPROVER, department_id)


def alert_turned_steps(turned: Iterable[Any], on: date) -> Counter[str]:
    """``turned``: rows (task id, application id, new light) of open steps whose light changed today."""
    counts: Counter[str] = Counter()
    per_department: dict[int, Counter[str]] = {}
    supervisors = None
    for row in turned:
        task = db.session.get(HumanTask, row.id)
        application = db.session.get(Application, row.application_id)
        if task is None or application is None:
            continue
        event = "step_due_soon" if row.new == "yellow" else "step_overdue"
        people = [task.assignee] if task.assignee is not None else []
        if task.department_id is not None:
            people += department_heads(task.department_id)
            per_department.setdefault(task.department_id, Counter())[row.new] += 1
        if row.new == "red":
            supervisors = supervisors if supervisors is not None else _users_with(Role.SUPERVISOR)
            people += supervisors
        for person in {p.id: p for p in people}.values():
            counts["messages"] += notify_user(
                person,
                event,
                dedupe_key=f"{event}:{task.id}:{task.due_date}",  # once per step and due date
                application=application,
                channels=("inbox", "sms") if row.new == "red" and person is task.assignee else ("inbox",),
                task=task.name,
                due_date=task.due_date.isoformat() if task.due_date else "",
            )
        counts[row.new] += 1
    for department_id, lights in sorted(per_department.items()):
        department = db.session.get(Department, department_id)
        for head in department_heads(department_id):
            counts["messages"] += notify_user(
                head,
                "supervision_digest",
                dedupe_key=f"supervision_digest:{department_id}:{on.isoformat()}",
                channels=("inbox",),
                department=department.name if department else "",
                day=on.isoformat(),
                yellow=lights["yellow"],
                red=lights["red"],
            )
    return counts
