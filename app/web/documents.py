"""Documents on the web: downloading a case's PDFs (its applicant, the clerk who entered it, hall staff) and the
public verification page the QR code leads to (no login)."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, send_file
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app.documents.issuing import issue_now
from app.documents.kinds import LABELS
from app.documents.verification import is_genuine, mask_name, normalise, shown
from app.extensions import db
from app.models import CaseDocument, DocumentState
from app.services.case_access import record_case_read, sight_of

bp = Blueprint("documents", __name__)


def may_read(document: CaseDocument) -> bool:
    """Its applicant, the clerk who entered the case, staff with need to know (app/domain/need_to_know.py).

    A reader who sees only some sections of a bundle case (a member's department) reads none of its documents:
    the receipt and the notices carry the whole application."""
    if not current_user.is_authenticated:
        return False
    sight = sight_of(document.application, current_user)
    return sight.allowed and sight.sections is None


@bp.route("/documents/<int:document_id>.pdf")
def download(document_id: int) -> Any:
    document = db.session.get(CaseDocument, document_id, options=[undefer(CaseDocument.pdf)])
    if document is None or not may_read(document):
        abort(404)
    if document.state == DocumentState.PENDING:
        issue_now(document)
        db.session.commit()
        document = db.session.get(
            CaseDocument, document_id, options=[undefer(CaseDocument.pdf)], populate_existing=True
        )
    if document is None or document.pdf is None:
        abort(404)
    if current_user.id != document.application.applicant_id:
        record_case_read(document.application_id, current_user, "document")
        db.session.commit()

    name = f"{LABELS[document.kind]}-{document.application.tracking_number}.pdf"
    inline = request.args.get("print") == "1"  # the window prints the receipt from the browser's PDF viewer
    return send_file(io.BytesIO(document.pdf), mimetype="application/pdf", as_attachment=not inline, download_name=name)


@bp.route("/verify", defaults={"code": None})
@bp.route("/verify/<code>")
def verify(code: str | None) -> Any:
    """是否真实有效: the document a code names, with the holder's name partly hidden, or why it cannot be shown."""
    typed = code or request.args.get("code", "")
    if not typed:
        return render_template("public/verify.html", document=None, typed="", problem=None)
    wanted = normalise(typed)
    document = None
    if is_genuine(wanted, current_app.config["SECRET_KEY"]):
        document = db.session.scalar(
            select(CaseDocument).where(
                CaseDocument.verification_code == wanted, CaseDocument.state != DocumentState.PENDING
            )
        )
    if document is None:
        problem = "验证码不正确：本中心未签发带此验证码的文书，该文书可能被伪造或篡改。"
        return render_template("public/verify.html", document=None, typed=typed, problem=problem), 404
    return render_template(
        "public/verify.html",
        document=document,
        typed=typed,
        problem=None,
        kind=LABELS[document.kind],
        holder=mask_name(document.holder_name),
        code=shown(document.verification_code),
    )
