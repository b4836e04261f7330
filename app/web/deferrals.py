"""容缺受理 on the pages: the window's choice at acceptance (parsed here, checked by the accept step's one door),
the applicant's later upload of an owed material, and the window's confirmation of receipt. Views parse, call and
redirect; app/services/deferrals.py decides."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from app.auth import roles_required
from app.domain.deferrals import (
    DEFERRED_MATERIALS,
    DEFERRED_UNTIL,
    STATE_LABELS,
    days_overdue,
    deferrable_materials,
    latest_promise,
    material_names,
)
from app.extensions import db
from app.models import Application, Role
from app.services import cases, deferrals
from app.services.errors import ServiceError
from app.services.now import today
from app.services.task_lists import clerk_centre_id
from app.services.upload_cleanup import upload_quota_problem
from app.services.uploads import store_upload
from forms.files import human_size, type_names

bp = Blueprint("deferrals", __name__)


def deferral_post(form: Any) -> dict[str, Any]:
    """The window's 容缺 choice as the accept decision's keys; nothing when the clerk chose none."""
    names = [name for name in form.getlist(DEFERRED_MATERIALS) if name.strip()]
    until = form.get(DEFERRED_UNTIL, "").strip()
    if not names and not until:
        return {}
    return {DEFERRED_MATERIALS: names, DEFERRED_UNTIL: until}


def deferral_choice(application: Application, form: Any | None) -> dict[str, Any] | None:
    """What the accept step's 容缺 fieldset shows: the guide's materials, which may be deferred, and what the clerk
    chose; None when the guide marks no material deferrable."""
    guide = application.item_version.guide
    deferrable = set(deferrable_materials(guide))
    if not deferrable:
        return None
    return {
        "materials": [{"name": name, "deferrable": name in deferrable} for name in material_names(guide)],
        "chosen": set(form.getlist(DEFERRED_MATERIALS)) if form is not None else set(),
        "until": form.get(DEFERRED_UNTIL, "") if form is not None else "",
        "today": today().isoformat(),
        "latest": latest_promise(today()).isoformat(),
    }


def owed_of(application: Application, *, with_rules: bool = False) -> list[dict[str, Any]]:
    """The case's deferred materials as its pages show them: state in words, promised date, overdue days, file;
    ``with_rules``: the upload rules too (the applicant's page)."""
    on = today()
    shown = []
    for material in deferrals.materials_of(application.id):
        state = deferrals.state(material)
        overdue = deferrals.overdue(material, on)
        rules = deferrals.upload_rules(application, material.name) if with_rules else deferrals.DEFAULT_RULES
        shown.append(
            {
                "rules_accept": ",".join(rules.accept),
                "rules_types": type_names(rules.accept),
                "rules_size": human_size(rules.max_bytes),
                "id": material.id,
                "name": material.name,
                "promised_by": material.promised_by,
                "state": state.value,
                "state_label": gettext(STATE_LABELS[state]),
                "overdue_days": days_overdue(material.promised_by, on) if overdue else 0,
                "file": material.file,
                "received_at": material.received_at,
                "received_by": material.received_by.display_name if material.received_by else "",
            }
        )
    return shown


def _flash_refusal(exc: ServiceError) -> None:
    db.session.rollback()
    details = exc.details if isinstance(exc.details, dict) else {}
    flash("；".join(m for messages in details.values() for m in messages) or exc.message, "error")


@bp.route("/my/applications/<tracking_number>/deferred/<int:material_id>", methods=["POST"])
@login_required
def hand_in(tracking_number: str, material_id: int) -> Any:
    """The applicant uploads an owed material; the window confirms it later."""
    application = cases.get_by_tracking_number(tracking_number)
    if application.applicant_id != current_user.id:
        abort(404)
    back = url_for("portal.my_application", tracking_number=tracking_number) + "#deferred"
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(gettext("请选择要上传的文件"), "error")
        return redirect(back)
    upload.stream.seek(0, 2)
    size = upload.stream.tell()
    upload.stream.seek(0)
    if problem := upload_quota_problem(current_user.id, size):
        flash(problem, "error")
        return redirect(back)
    try:
        reference = store_upload(current_user, f"deferred/{material_id}", upload)
        deferrals.hand_in(application, material_id, current_user, reference)
    except ServiceError as exc:
        _flash_refusal(exc)
    else:
        db.session.commit()
        flash(gettext("材料已上传，窗口确认收到后即补齐"))
    return redirect(back)


@bp.route("/cases/<tracking_number>/deferred/<int:material_id>/receive", methods=["POST"])
@roles_required(Role.WINDOW_CLERK)
def confirm_receipt(tracking_number: str, material_id: int) -> Any:
    """The window confirms it has an owed material (uploaded, or handed in on paper at the window)."""
    application = cases.get_by_tracking_number(tracking_number)
    try:
        deferrals.confirm_receipt(application, material_id, current_user, clerk_centre_id(current_user))
    except ServiceError as exc:
        _flash_refusal(exc)
    else:
        db.session.commit()
        flash(gettext("已确认收到容缺材料"))
    return redirect(url_for("staff.case_view", tracking_number=tracking_number) + "#deferred")
