"""Reading a posted generated form, uploads included, in the visitor's language."""

from __future__ import annotations

from typing import Any

from flask import request

from app.extensions import db
from app.i18n import ui_locale
from app.models import User
from app.services.uploads import check_references_owned, store_upload
from forms import CompiledForm, ParseResult


def parse_post(form: CompiledForm, user: User) -> ParseResult:
    """Parse request.form and request.files; uploads are kept (and committed) even when other fields are
    wrong, so the applicant does not have to upload them again, and file references must be the user's own."""
    stored: list[dict[str, Any]] = []

    def keep(field_path: str, upload: Any) -> dict[str, Any]:
        reference = store_upload(user, field_path, upload)
        stored.append(reference)
        return reference

    result = form.parse(request.form, files=request.files, store_file=keep, locale=ui_locale())
    if stored:
        db.session.commit()
    if result.ok:
        foreign = check_references_owned(user, result.data)
        if foreign:
            return ParseResult(data=result.data, errors=foreign, ok=False)
    return result
