"""Finding a case from the staff pages: by tracking number, a name, an ID number, a mobile, a credit code, an item
within what the searcher may read (need to know, app/domain/need_to_know.py, as SQL); and the staff's lists of
their finished work and of today's cases, page by page.

Terms are written beside the case when its data is stored (submit, supplement): :func:`index_case_terms`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, delete, exists, insert, select, true
from sqlalchemy.orm import joinedload

from app.domain.actors import Actor
from app.domain.need_to_know import ADMIN, APPROVER, SUPERVISOR, WINDOW_CLERK
from app.domain.search_terms import NAME, read_query, search_terms
from app.domain.tracking_numbers import PREFIX, normalise
from app.extensions import db
from app.models import Application, CaseSearchTerm, HumanTask, ItemVersion
from app.services.now import HALL_TIME

PER_PAGE = 20
SHORT_NAME = 3  # trigrams need three characters: a shorter name is matched whole
T = TypeVar("T")


@dataclass(frozen=True)
class CaseSearch:
    text: str = ""
    item_id: int | None = None
    date_from: date | None = None  # submitted on or after (the hall's date)
    date_to: date | None = None  # submitted on or before

    @property
    def empty(self) -> bool:
        return not (self.text.strip() or self.item_id or self.date_from or self.date_to)


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def index_case_terms(
    application_id: int,
    submitted_at: datetime,
    schema: dict[str, Any],
    data: dict[str, Any],
    applicant_name: str,
    *,
    new_case: bool = False,
) -> None:
    """(Re)write what the case can be found by, from its data and its applicant's account name."""
    terms = search_terms(schema, data)
    if applicant_name.strip():
        terms.add((NAME, applicant_name.strip()[:200]))
    if not new_case:
        db.session.execute(delete(CaseSearchTerm).where(CaseSearchTerm.application_id == application_id))
    if terms:
        db.session.execute(
            insert(CaseSearchTerm),
            [
                {"application_id": application_id, "kind": kind, "value": value, "submitted_at": submitted_at}
                for kind, value in sorted(terms)
            ],
        )


def readable_by(actor: Actor) -> ColumnElement[bool]:
    """Need to know as a WHERE clause over ``application`` (the same rule as need_to_know.case_sight)."""
    if actor.has_role(SUPERVISOR, ADMIN, WINDOW_CLERK):
        return true()
    if actor.has_role(APPROVER) and actor.department_id is not None:
        return exists().where(
            HumanTask.application_id == Application.id, HumanTask.department_id == actor.department_id
        )
    return Application.applicant_id == actor.id


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _narrowing(search: CaseSearch) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if search.item_id:
        # The item's few version ids first: compared as constants, the (version, submitted) index gives the page in
        # order, where a subquery made PostgreSQL fetch and sort every case of the item.
        versions = select(ItemVersion.id).where(ItemVersion.item_id == search.item_id)
        conditions.append(Application.item_version_id.in_(list(db.session.scalars(versions)) or [-1]))
    if search.date_from:
        conditions.append(Application.submitted_at >= _hall_day_start(search.date_from))
    if search.date_to:
        conditions.append(Application.submitted_at < _hall_day_start(search.date_to + timedelta(days=1)))
    return conditions


def _hall_day_start(day: date) -> datetime:
    """The UTC moment (naive, as stored) the hall's ``day`` begins."""
    return datetime.combine(day, time(), HALL_TIME).astimezone(UTC).replace(tzinfo=None)


def _case_rows(stmt: Select[Any], order: tuple[Any, ...], page: int, per_page: int) -> Page[Application]:
    page = max(1, page)
    stmt = (
        stmt.options(joinedload(Application.item_version, innerjoin=True).joinedload(ItemVersion.item))
        .options(joinedload(Application.applicant))
        .order_by(*order)
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    )
    rows = list(dict.fromkeys(db.session.scalars(stmt).unique()))  # one case matching twice is listed once
    return Page(rows[:per_page], page, len(rows) > per_page)


NEWEST_CASE = (Application.submitted_at.desc(), Application.id.desc())
NEWEST_TERM = (CaseSearchTerm.submitted_at.desc(), CaseSearchTerm.application_id.desc())


def search_cases(actor: Actor, search: CaseSearch, page: int = 1, per_page: int = PER_PAGE) -> Page[Application]:
    """Cases matching ``search`` that ``actor`` may read, newest first.

    A tracking number finds its case alone. An identifier, or a name of one or two characters, is matched
    exactly, newest first straight from the term index (so a common name costs no more in a million cases than
    in ten thousand); a longer name matches any part of a name (trigram index on PostgreSQL)."""
    filters = [readable_by(actor), Application.tracking_number.is_not(None), *_narrowing(search)]
    number = normalise(search.text)
    if number.startswith(PREFIX) and db.session.scalar(
        select(Application.id).where(Application.tracking_number == number)
    ):
        return _case_rows(
            select(Application).where(Application.tracking_number == number, *filters), NEWEST_CASE, page, per_page
        )
    query = read_query(search.text)
    if query.codes or (query.name and len(query.name) < SHORT_NAME):
        kind = CaseSearchTerm.kind != NAME if query.codes else CaseSearchTerm.kind == NAME
        stmt = (
            select(Application)
            .join(CaseSearchTerm, CaseSearchTerm.application_id == Application.id)
            .where(CaseSearchTerm.value == (query.codes[0] if query.codes else query.name), kind, *filters)
        )
        return _case_rows(stmt, NEWEST_TERM, page, per_page)
    if query.name:
        names = select(CaseSearchTerm.application_id).where(
            CaseSearchTerm.kind == NAME, CaseSearchTerm.value.ilike(f"%{_escaped(query.name)}%", escape="\\")
        )
        filters.append(Application.id.in_(names))
    return _case_rows(select(Application).where(*filters), NEWEST_CASE, page, per_page)


def cases_of_day(actor: Actor, day: date, page: int = 1, per_page: int = PER_PAGE) -> Page[Application]:
    """Cases submitted on ``day``, newest first: a clerk's own centre's, or every centre's for someone who
    belongs to none (supervisors, approvers)."""
    start, end = _hall_day_start(day), _hall_day_start(day + timedelta(days=1))
    stmt = select(Application).where(
        readable_by(actor), Application.submitted_at >= start, Application.submitted_at < end
    )
    centre_id = getattr(actor, "centre_id", None)
    if centre_id is not None:
        stmt = stmt.where(Application.centre_id == centre_id)
    return _case_rows(stmt, NEWEST_CASE, page, per_page)


def finished_work(actor: Actor, page: int = 1, per_page: int = PER_PAGE) -> Page[HumanTask]:
    """The steps ``actor`` completed, most recent first."""
    from app.services.task_lists import task_row_options

    page = max(1, page)
    stmt = (
        select(HumanTask)
        .where(HumanTask.completed_by_id == actor.id)
        .order_by(HumanTask.completed_at.desc(), HumanTask.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
        .options(*task_row_options())
    )
    rows = list(db.session.scalars(stmt).unique())
    return Page(rows[:per_page], page, len(rows) > per_page)
