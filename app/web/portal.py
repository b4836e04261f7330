"""The applicant's own cases: status, step timeline, answering a supplement request."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.documents.issuing import documents_of
from app.extensions import db
from app.fees.service import fee_of
from app.models import Application
from app.notifications.inbox import inbox_of, mark_inbox_read
from app.services import cases, step_supplement
from app.services.audit import trail_of
from app.services.bundle_progress import item_progress, supplement_section
from app.services.step_forms import application_form
from app.web.case_diagram import render_case_diagram
from app.web.posting import parse_post

bp = Blueprint("portal", __name__, url_prefix="/my")


@bp.route("/applications")
@login_required
def my_applications() -> Any:
    return render_template("portal/list.html", applications=cases.applications_of(current_user.id))


@bp.route("/inbox", methods=["GET", "POST"])
@login_required
def inbox() -> Any:
    """站内信: the messages the platform sent this person, newest first; POST marks them all read."""
    if request.method == "POST":
        mark_inbox_read(current_user.id)
        db.session.commit()
        return redirect(url_for("portal.inbox"))
    return render_template("portal/inbox.html", messages=inbox_of(current_user.id))


def _own_case(tracking_number: str) -> Application:
    application = cases.get_by_tracking_number(tracking_number)
    if application.applicant_id != current_user.id:
        abort(404)
    return application


@bp.route("/applications/<tracking_number>", methods=["GET", "POST"])
@login_required
def my_application(tracking_number: str) -> Any:
    application = _own_case(tracking_number)
    task = cases.open_supplement_task(application)
    form = application_form(application.item_version)
    values = application.data
    errors: dict[str, list[str]] = {}  # the applicant's own answers are shown, never schema defaults
    awaited = None if task is not None else step_supplement.awaited_supplement(application.id)
    if request.method == "POST":
        if task is None and awaited is None:
            flash("该申请当前无需补正")
            return redirect(url_for("portal.my_application", tracking_number=tracking_number))
        result = parse_post(form, current_user)
        values = result.data
        if result.ok:
            if task is not None:
                cases.complete_task(task.id, current_user, result.data)
                done = "补正材料已提交，请等待窗口重新审查"
            else:
                step_supplement.answer_supplement(application.id, current_user, result.data)
                done = "补正材料已提交，审批部门将继续办理"
            db.session.commit()
            flash(done)
            return redirect(url_for("portal.my_application", tracking_number=tracking_number))
        errors = result.errors
    return render_template(
        "portal/case.html",
        application=application,
        progress=item_progress(application),
        supplement_section=supplement_section(application) if task is not None else None,
        events=trail_of(application),
        supplement_task=task,
        step_supplement=awaited,
        documents=documents_of(application),
        fee=fee_of(application),
        form=form,
        values=values,
        errors=errors,
    ), (422 if errors else 200)


@bp.route("/applications/<tracking_number>/diagram")
@login_required
def my_application_diagram(tracking_number: str) -> Any:
    """The same progress diagram staff see, for the applicant's own case."""
    application = _own_case(tracking_number)
    return render_case_diagram(application, url_for("portal.my_application", tracking_number=tracking_number))
