"""Downloading an uploaded material: its owner, or hall staff working the cases it belongs to."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, send_file
from flask_login import current_user, login_required

from app.models import Role
from app.services.uploads import open_stored

bp = Blueprint("files", __name__)

STAFF = (Role.WINDOW_CLERK, Role.APPROVER, Role.SUPERVISOR, Role.ADMIN)


@bp.route("/files/<file_id>")
@login_required
def download(file_id: str) -> Any:
    row, path = open_stored(file_id)
    if row.owner_id != current_user.id and not current_user.has_role(*STAFF):
        abort(404)
    return send_file(path, mimetype=row.media_type, as_attachment=True, download_name=row.name)
