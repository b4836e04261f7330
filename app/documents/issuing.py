"""Queueing a document of a case (in the step's transaction), rendering it (a worker job), listing and revoking.

A document's content is frozen when it is queued (`CaseDocument.context`), so what it says is what the case was
at that step, whenever the worker gets to it; the PDF is frozen when it is issued. Rendering failures are the
job's: retried with backoff, then an incident on the case an admin can retry.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import bindparam, func, insert, select

from app.documents import kinds
from app.documents.context import case_context, certificate_particulars
from app.documents.rendering import Page, render_pdf
from app.documents.templates import particulars, wording_for
from app.documents.verification import new_code, shown
from app.domain.actors import Actor
from app.domain.placeholders import fill
from app.domain.tracking_numbers import ALPHABET
from app.extensions import db
from app.models import Application, CaseDocument, DocumentState, Job, JobKind, JobState
from app.models.base import utcnow
from app.services.audit import record_event
from app.services.errors import InvalidData, NotFound
from app.services.version_guides import guide_of

KINDS = kinds.KINDS | frozenset(kinds.ALIASES)


def _number(kind: str, context: dict[str, Any], today: date) -> str:
    tail = "".join(secrets.choice(ALPHABET) for _ in range(6))
    if kind == kinds.RECEIPT:
        return str(context["tracking_number"])
    if kind == kinds.PAYMENT_NOTICE:
        return str(context.get("payment_code") or tail)
    prefix = {
        kinds.CERTIFICATE: "ZZ",
        kinds.DECISION_APPROVED: "XK",
        kinds.DECISION_REJECTED: "BX",
        kinds.SUPPLEMENT_NOTICE: "BZ",
        kinds.DECLINE_NOTICE: "BS",
    }[kind]
    return f"{prefix}{today:%Y}{str(context['item_code'])[-4:]}{tail}"


def verify_url(code: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/verify/{code}"


class QueuedDocument(NamedTuple):
    """A document queued for rendering: its row's id and what a caller shows of it before it is rendered."""

    id: int
    kind: str
    number: str
    verification_code: str


def queue_document(
    application: Application,
    kind: str,
    *,
    context: dict[str, Any] | None = None,
    guide: dict[str, Any] | None = None,
    **extra: Any,
) -> QueuedDocument:
    """Freeze what the document of ``kind`` will say and queue the worker job that renders it.

    ``context``: the case's :func:`case_context` when the caller already gathered it for another document of the
    same step (a decision and its certificate); it is copied, not changed. ``guide``: the guide whose certificate
    rule applies when it is not the case's own (a bundle member's certificate, app/services/bundle_results.py)."""
    kind = kinds.ALIASES.get(kind, kind)
    if kind not in kinds.KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    if application.id is None:
        db.session.flush()
    today = utcnow().date()
    context = {**context, **extra} if context is not None else case_context(application, **extra)
    valid_until = None
    if kind == kinds.CERTIFICATE:
        facts = certificate_particulars(
            context, guide if guide is not None else guide_of(application.item_version), today
        )
        context.update(facts)
        valid_until = date.fromisoformat(facts["valid_until"]) if facts["valid_until"] != "长期" else None
    context["number"] = _number(kind, context, today)
    document = {
        "application_id": application.id,
        "kind": kind,
        "title": kinds.LABELS[kind],
        "number": context["number"],
        "verification_code": new_code(current_app.config["SECRET_KEY"]),
        "holder_name": context["holder"] if kind == kinds.CERTIFICATE else context["applicant"],
        "item_name": context["item"],
        "valid_until": valid_until,
        "context": context,
        "state": DocumentState.PENDING,
        "created_at": utcnow(),
    }
    # Core on the session's connection, as the step's other inserts: the rows are only inserted here, and going
    # through the ORM's unit of work cost a flush each for the document and its job on every accepting and
    # deciding step. The caller holds the case lock, so the sequence read inside the INSERT cannot race.
    connection = db.session.connection()
    sequence_of = {"of_case": application.id, "of_kind": kind}
    document_id = connection.execute(_INSERT_DOCUMENT, {**document, **sequence_of}).scalar_one()
    job = {
        "kind": JobKind.DOCUMENT,
        "application_id": application.id,
        "spiff_task_id": f"document:{document_id}",
        "element_id": f"document:{kind}",
        "action": "render_document",
        "due_at": document["created_at"],
        "state": JobState.QUEUED,
    }
    connection.execute(_INSERT_JOB, job)
    # has_jobs stays as it is: it means the case waits on a timer or service call (job_sync), and a document job
    # is neither, so setting it would cost every later step a job query and this one an extra UPDATE of the case.
    return QueuedDocument(document_id, kind, document["number"], document["verification_code"])


_DOCUMENTS = CaseDocument.__table__
_INSERT_DOCUMENT = (
    insert(_DOCUMENTS)
    .values(
        sequence=select(func.count() + 1)
        .where(_DOCUMENTS.c.application_id == bindparam("of_case"), _DOCUMENTS.c.kind == bindparam("of_kind"))
        .scalar_subquery()
    )
    .returning(_DOCUMENTS.c.id)
)
_INSERT_JOB = insert(Job.__table__)


def page_for(document: CaseDocument, item_id: int | None) -> Page:
    """The document's frozen content in its template's wording (the admin's wording as it is when rendered)."""
    context = document.context
    wording = wording_for(document.kind, item_id)
    body = fill(wording.body, context)
    issuer = context["department"] if document.kind in (kinds.CERTIFICATE, *kinds.DECISIONS) else context["centre"]
    return Page(
        centre=context["centre"],
        title=fill(wording.title, context) or kinds.LABELS[document.kind],
        number=document.number,
        paragraphs=[p.strip() for p in body.split("\n\n") if p.strip()],
        particulars=[(label, fill(value, context)) for label, value in particulars(wording.fields)],
        issuer=issuer,
        issued_on=context["today"],
        verify_url=verify_url(document.verification_code),
        verification_code=shown(document.verification_code),
        payment_qr=_payment_qr(document),
    )


def _payment_qr(document: CaseDocument) -> tuple[str, str] | None:
    if document.kind != kinds.PAYMENT_NOTICE:
        return None
    code, amount = document.context.get("payment_code"), document.context.get("amount")
    return (f"缴款码 {code}：扫码缴纳 {amount} 元", f"YCPAY:{code}:{amount}")


def render_queued(document_id: int) -> CaseDocument:
    """The worker's job: render a pending document and issue it (an issued one is left as it is)."""
    document = db.session.get(CaseDocument, document_id)
    if document is None:
        raise NotFound(f"document {document_id} does not exist")
    if document.state != DocumentState.PENDING:
        return document
    # A bundle member's document is worded as its own item's (app/services/bundle_results.py).
    item_id = document.context.get("member_item_id") or document.application.item_version.item_id
    pdf = render_pdf(page_for(document, item_id))
    document.pdf, document.sha256 = pdf, hashlib.sha256(pdf).hexdigest()
    document.state, document.issued_at = DocumentState.ISSUED, utcnow()
    record_event(
        "document.issued",
        actor=None,
        application=document.application,
        detail={"kind": document.kind, "number": document.number, "document": document.id},
    )
    return document


def issue_now(document: CaseDocument) -> CaseDocument:
    """Render a pending document in this request (the window prints a walk-in's receipt without waiting for the
    worker); under the case lock the worker's job also takes, so the two never both render it."""
    from app.services.case_locks import lock_case

    lock_case(document.application_id)
    db.session.refresh(document)
    return render_queued(document.id)


def documents_of(application: Application) -> list[CaseDocument]:
    return list(
        db.session.scalars(
            select(CaseDocument)
            .where(CaseDocument.application_id == application.id)
            .order_by(CaseDocument.created_at, CaseDocument.id)
        )
    )


def revoke(document: CaseDocument, actor: Actor, reason: str) -> None:
    """Withdraw an issued certificate (吊销/注销): with a reason, in the audit trail; the PDF stays as issued."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidData("请填写撤销理由", details={"reason": ["必填"]})
    if document.state != DocumentState.ISSUED:
        raise InvalidData("只有已签发的文书可以撤销")
    document.state, document.revoked_at = DocumentState.REVOKED, utcnow()
    document.revoked_reason, document.revoked_by_id = reason, actor.id
    record_event(
        "document.revoked",
        actor=actor,
        application=document.application,
        detail={"kind": document.kind, "number": document.number, "document": document.id},
        note=reason,
    )
    db.session.flush()
