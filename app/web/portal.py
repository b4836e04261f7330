"""The applicant's own cases: status, step timeline, answering a supplement request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from app.documents.issuing import documents_of
from app.extensions import db
from app.fees.service import fee_of
from app.i18n import ui_locale
from app.models import Application
from app.notifications.inbox import inbox_of, mark_inbox_read
from app.services import cases, step_supplement
from app.services.audit import trail_of
from app.services.bundle_progress import item_progress, supplement_section
from app.services.output_window import delivery_of
from app.services.step_forms import application_form
from app.services.supplements import asked_fields, supplement_request
from app.web.case_diagram import render_case_diagram
from app.web.deferrals import owed_of
from app.web.labels import INTERNAL_ACTIONS
from app.web.posting import parse_post

bp = Blueprint("portal", __name__, url_prefix="/my")


@bp.app_template_filter("mark_asked")
def mark_asked(html: Markup, paths: Iterable[str]) -> Markup:
    """The rendered form with each field the supplement request names marked (``data-asked``), for the page to
    highlight: the applicant sees at once what to change."""
    text = str(html)  # Markup.replace would escape the quotes of the attribute it looks for
    for path in paths:
        field = f'data-field="{escape(path)}"'
        text = text.replace(field, f'{field} data-asked="true"', 1)
    return Markup(text)  # noqa: S704 - rendered by forms/, only an attribute added


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
    form = application_form(application.item_version, ui_locale())
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
    reason = supplement_request(application) if task is not None else ""
    asked = asked_fields(form, reason)
    return render_template(
        "portal/case.html",
        application=application,
        progress=item_progress(application),
        supplement_section=supplement_section(application) if task is not None else None,
        supplement_reason=reason,
        asked_labels=list(asked.values()),
        highlight=asked,
        summary=form.summary(application.data, locale=ui_locale()),
        materials=form.materials(application.data, locale=ui_locale()),
        delivery=delivery_of(application.id),
        # the office's housekeeping (认领任务…) stays on the staff's timeline
        events=[event for event in trail_of(application) if event.action not in INTERNAL_ACTIONS],
        supplement_task=task,
        step_supplement=awaited,
        documents=documents_of(application),
        fee=fee_of(application),
        owed=owed_of(application, with_rules=True),
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
