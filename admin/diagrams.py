"""BPMN diagrams for people: a case's progress (finished / in hand / waiting steps) on the platform's one-window
process and on the item's approval BPMN, drawn in the browser by bpmn-js from our own static files.

`case_progress` (app/services/progress.py) and the `bpmn/_diagram.html` macros serve every page that shows a
case (staff and the citizen's progress view); the blueprint also carries the admin's templates and scripts.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, url_for
from flask_login import current_user

from app.auth import roles_required
from app.domain.actors import STAFF_ROLES
from app.extensions import db
from app.services import cases
from app.services.case_access import check_case_readable
from app.web.case_diagram import render_case_diagram

bp = Blueprint(
    "diagrams", __name__, template_folder="templates", static_folder="static", static_url_path="/yc-admin-assets"
)


@bp.route("/cases/<tracking_number>/diagram")
@roles_required(*STAFF_ROLES)
def case_diagram(tracking_number: str) -> Any:
    application = cases.get_by_tracking_number(tracking_number)
    check_case_readable(application, current_user, "diagram")
    db.session.commit()  # the read is recorded
    return render_case_diagram(application, url_for("staff.case_view", tracking_number=tracking_number))
