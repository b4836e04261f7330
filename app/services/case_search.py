"""Finding cases for the API: the cases a reader may see (need to know, app/domain/need_to_know.py, as a query),
filtered, newest first, a page at a time (keyset on the case id)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, exists, select

from app.domain.actors import Actor
from app.domain.need_to_know import ADMIN, APPROVER, SUPERVISOR, WINDOW_CLERK
from app.extensions import db
from app.models import Application, HumanTask, ItemVersion, ServiceItem


def _visible(stmt: Select[Any], actor: Actor) -> Select[Any]:
    """The WHERE clause of need to know: every case for supervision and the window, a department's cases (a step
    it has or had) for its approvers, one's own for everyone."""
    if actor.has_role(SUPERVISOR, ADMIN, WINDOW_CLERK):
        return stmt
    own = (Application.applicant_id == actor.id) | (Application.entered_by_id == actor.id)
    if actor.has_role(APPROVER) and actor.department_id is not None:
        stepped = exists().where(
            HumanTask.application_id == Application.id, HumanTask.department_id == actor.department_id
        )
        return stmt.where(own | stepped)
    return stmt.where(own)


def search_cases(
    actor: Actor,
    *,
    status: str | None = None,
    item: str | None = None,
    number: str | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[Any]:
    """Rows (id, tracking_number, item, version, status, outcome, submitted_at, accepted_at, due_date,
    finished_at) of the cases ``actor`` may read, newest first; ``number``: a tracking-number prefix."""
    stmt = (
        select(
            Application.id,
            Application.tracking_number,
            ServiceItem.slug.label("item"),
            ItemVersion.number.label("version"),
            Application.status,
            Application.outcome,
            Application.submitted_at,
            Application.accepted_at,
            Application.due_date,
            Application.finished_at,
        )
        .join(Application.item_version)
        .join(ItemVersion.item)
        .order_by(Application.id.desc())
        .limit(limit)
    )
    if status:
        stmt = stmt.where(Application.status == status)
    if item:
        stmt = stmt.where(ServiceItem.slug == item)
    if number:
        stmt = stmt.where(Application.tracking_number.startswith(number.upper(), autoescape=True))
    if before_id is not None:
        stmt = stmt.where(Application.id < before_id)
    return list(db.session.execute(_visible(stmt, actor)))


def open_task_of(application_id: int, element_id: str) -> int | None:
    """The id of the case's open task of ``element_id`` (e.g. the window's review), or None."""
    from app.models import TASK_IS_OPEN

    return db.session.scalar(
        select(HumanTask.id)
        .where(HumanTask.application_id == application_id, HumanTask.element_id == element_id, TASK_IS_OPEN)
        .order_by(HumanTask.id)
        .limit(1)
    )
