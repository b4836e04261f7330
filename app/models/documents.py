"""Documents (文书) a case produces, as issued PDFs, and the admin-edited templates they are rendered from."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, JsonDoc, utcnow
from app.models.cases import Application
from app.models.catalog import ServiceItem


class DocumentState:
    PENDING = "pending"  # queued for the worker to render
    ISSUED = "issued"  # rendered; the PDF and its content never change again
    REVOKED = "revoked"  # a certificate withdrawn by an admin, with a reason; the PDF stays as it was


class CaseDocument(Base):
    """One document of a case. Its content (`context`) is frozen when it is queued, its PDF when it is issued."""

    __tablename__ = "case_document"
    __table_args__ = (
        UniqueConstraint("application_id", "kind", "sequence"),
        Index("ix_case_document_application", "application_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    # Several of one kind per case (a second supplement notice): 1, 2, ...
    sequence: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(64))  # the document's own number (certificate number ...)
    verification_code: Mapped[str] = mapped_column(String(24), unique=True)
    holder_name: Mapped[str] = mapped_column(String(200))
    item_name: Mapped[str] = mapped_column(String(200))
    valid_until: Mapped[date | None]
    context: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    state: Mapped[str] = mapped_column(String(16), default=DocumentState.PENDING)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    application: Mapped[Application] = relationship()


class DocumentTemplate(Base):
    """The wording of one kind of document; with `item_id`, that item's own (its certificate, say)."""

    __tablename__ = "document_template"
    __table_args__ = (UniqueConstraint("kind", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("service_item.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # One "label: template" per line: the table of particulars (certificate number, scope, validity ...).
    fields: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    item: Mapped[ServiceItem | None] = relationship()


# What a document says is fixed once it is issued: only its state (revocation) may change afterwards.
_FROZEN = ("kind", "number", "verification_code", "holder_name", "item_name", "valid_until", "context", "pdf", "sha256")


@event.listens_for(CaseDocument, "before_update")
def _issued_documents_do_not_change(_mapper: Any, _connection: Any, document: CaseDocument) -> None:
    state = inspect(document)
    if state.attrs.state.history.deleted == [DocumentState.PENDING] or document.issued_at is None:
        return  # being issued now
    changed = [name for name in _FROZEN if state.attrs[name].history.has_changes()]
    if changed:
        raise ValueError(f"document {document.id} was issued and cannot change: {', '.join(changed)}")
