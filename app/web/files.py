"""Downloading an uploaded material: its owner, or staff with need to know of a case that names it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, send_file
from flask_login import current_user, login_required

from app.extensions import db
from app.services.case_access import readable_file
from app.services.uploads import open_stored

bp = Blueprint("files", __name__)


@bp.route("/files/<file_id>")
@login_required
def download(file_id: str) -> Any:
    row, path = open_stored(file_id)
    if not readable_file(row, current_user):
        abort(404)
    db.session.commit()  # a staff read is recorded
    return send_file(path, mimetype=row.media_type, as_attachment=True, download_name=row.name)
