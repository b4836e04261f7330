"""Applying need to know (app/domain/need_to_know.py) to a stored case, and recording staff reads.

Every surface that shows a case to staff asks here: the case page, its diagram, a task page, its files and
documents, the API. A refusal is a 404 (``NotFound``): a reader without need to know does not learn that the
tracking number exists. A staff read is recorded in ``case_read``, apart from the audit events the applicant sees
as their case's timeline. Reads are written by GET requests: the request commits them (app/web/case_reads.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from app.domain.actors import Actor
from app.domain.field_sight import file_ids_in, hidden_fields
from app.domain.need_to_know import CaseFacts, CaseSight, case_sight
from app.extensions import db
from app.models import Application, CaseFile, CaseRead, HumanTask, ItemVersion, StoredFile
from app.services.errors import NotFound
from app.services.read_models import TaskRow

CASE_NOT_FOUND = "未找到该受理编号"


def case_facts(application_id: int, applicant_id: int, entered_by_id: int | None) -> CaseFacts:
    departments = db.session.scalars(
        select(HumanTask.department_id)
        .where(HumanTask.application_id == application_id, HumanTask.department_id.is_not(None))
        .distinct()
    )
    field_sight = db.session.scalar(
        select(ItemVersion.field_sight)
        .join(Application, Application.item_version_id == ItemVersion.id)
        .where(Application.id == application_id)
    )
    return CaseFacts(applicant_id, entered_by_id, frozenset(d for d in departments if d is not None), field_sight)


def sight_of(application: Application, actor: Actor) -> CaseSight:
    return case_sight(actor, case_facts(application.id, application.applicant_id, application.entered_by_id))


def sight_after_step(application: Application, tasks: Iterable[TaskRow], actor: Actor) -> CaseSight:
    """:func:`sight_of` for a case whose every task the caller holds (a completed step's answer): the facts come
    from the rows the step read and wrote instead of two more queries. ``application``'s version is loaded."""
    departments = frozenset(t.department_id for t in tasks if t.department_id is not None)
    facts = CaseFacts(
        application.applicant_id, application.entered_by_id, departments, application.item_version.field_sight
    )
    return case_sight(actor, facts)


def check_case_readable(application: Application, actor: Actor, surface: str) -> CaseSight:
    """Raise NotFound unless ``actor`` may read the case; record the read when it is a staff read."""
    return check_readable(application.id, application.applicant_id, application.entered_by_id, actor, surface)


def check_readable(
    application_id: int, applicant_id: int, entered_by_id: int | None, actor: Actor, surface: str
) -> CaseSight:
    """:func:`check_case_readable` for a case read as a plain row (the API)."""
    sight = case_sight(actor, case_facts(application_id, applicant_id, entered_by_id))
    if not sight.allowed:
        raise NotFound(CASE_NOT_FOUND)
    if sight.staff_read:
        record_case_read(application_id, actor, surface)
    return sight


def record_case_read(application_id: int, actor: Actor, surface: str) -> None:
    db.session.add(CaseRead(application_id=application_id, user_id=actor.id, surface=surface))
    db.session.flush()


def readable_file(row: StoredFile, actor: Actor) -> bool:
    """A material is read by its owner, or by staff who may read a case that names it (the read is recorded)."""
    if row.owner_id == actor.id:
        return True
    for application in db.session.scalars(
        select(Application).join(CaseFile, CaseFile.application_id == Application.id).where(CaseFile.file_id == row.id)
    ):
        sight = sight_of(application, actor)
        if sight.allowed and row.id not in hidden_files(application, sight):
            if sight.staff_read:
                record_case_read(application.id, actor, "file")
            return True
    return False


def hidden_files(application: Application, sight: CaseSight) -> set[str]:
    """Materials of a case the reader may not see: those uploaded in fields of other departments' sections, and
    attachments of other departments' decisions."""
    if sight.sections is None:
        return set()
    from app.services.case_sight import hidden_decision_files  # the case view's filter, which reads the tasks

    form = application.data if isinstance(application.data, dict) else {}
    hidden = hidden_fields(application.item_version.field_sight, sight.sections, form)
    seen = file_ids_in({k: v for k, v in form.items() if k not in hidden})
    files = file_ids_in({k: v for k, v in form.items() if k in hidden}) - seen
    return files | hidden_decision_files(application, sight)


def reads_of(application_id: int) -> list[CaseRead]:
    return list(
        db.session.scalars(
            select(CaseRead).where(CaseRead.application_id == application_id).order_by(CaseRead.at, CaseRead.id)
        )
    )
