"""Opening an uploaded material: its owner, or staff with need to know of a case that names it.

PDFs and pictures open in the browser (a clerk reads a licence without saving it); anything else is downloaded,
so a file an applicant uploaded can never run as a page of ours.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, request, send_file
from flask_login import current_user, login_required

from app.extensions import db
from app.services.case_access import readable_file
from app.services.uploads import open_stored
from forms.files import human_size

bp = Blueprint("files", __name__)

# Types a browser shows without running anything of the file (no SVG, no HTML: those could script our origin).
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})


def material_size(reference: dict[str, Any]) -> str:
    size = reference.get("size")
    return human_size(size) if isinstance(size, int) else ""


@bp.route("/files/<file_id>")
@login_required
def download(file_id: str) -> Any:
    row, path = open_stored(file_id)
    if not readable_file(row, current_user):
        abort(404)
    db.session.commit()  # a staff read is recorded
    inline = request.args.get("view") == "1" and row.media_type in INLINE_TYPES
    return send_file(path, mimetype=row.media_type, as_attachment=not inline, download_name=row.name)
