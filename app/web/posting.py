"""Reading a posted generated form, uploads included, in the visitor's language."""

from __future__ import annotations

from typing import Any

from flask import request

from app.extensions import db
from app.i18n import ui_locale
from app.models import User
from app.services.upload_cleanup import upload_quota_problem
from app.services.uploads import check_references_owned, store_upload
from forms import CompiledForm, ParseResult


def _size(upload: Any) -> int:
    stream = upload.stream
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def parse_post(form: CompiledForm, user: User) -> ParseResult:
    """Parse request.form and request.files; uploads are kept (and committed) even when other fields are
    wrong, so the applicant does not have to upload them again, and file references must be the user's own."""
    stored: list[dict[str, Any]] = []

    def keep(field_path: str, upload: Any) -> dict[str, Any]:
        reference = store_upload(user, field_path, upload)
        stored.append(reference)
        return reference

    incoming = sum(_size(upload) for _, upload in request.files.items(multi=True) if upload.filename)
    problem = upload_quota_problem(user.id, incoming) if incoming else None
    if problem:  # the typed answers come back; the uploads are not kept
        result = form.parse(request.form, locale=ui_locale())
        return ParseResult(data=result.data, errors={**result.errors, "": [problem]}, ok=False)
    result = form.parse(request.form, files=request.files, store_file=keep, locale=ui_locale())
    if stored:
        db.session.commit()
    if result.ok:
        foreign = check_references_owned(user, result.data)
        if foreign:
            return ParseResult(data=result.data, errors=foreign, ok=False)
    return result
