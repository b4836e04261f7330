"""A supplement request (补正) as the applicant reads it: the window's words, and the fields they name."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Application, AuditEvent
from forms import CompiledForm


def supplement_request(application: Application) -> str:
    """What the window asked in its last supplement request ("" when it gave no reason)."""
    detail = db.session.scalar(
        select(AuditEvent.detail)
        .where(AuditEvent.application_id == application.id, AuditEvent.action == "window_review.completed")
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    decision = (detail or {}).get("decision") or {}
    return str(decision.get("reason") or "") if decision.get("decision") == "supplement" else ""


def asked_fields(form: CompiledForm, request: str) -> dict[str, str]:
    """Fields the request names by their label, as {path: label}, to highlight on the form the applicant corrects."""
    if not request:
        return {}
    return {path: label for path, label in form.field_labels().items() if len(label) >= 2 and label in request}
