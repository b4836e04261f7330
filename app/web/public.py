"""The public guide catalogue and applying online."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.i18n import ui_locale
from app.models import Application
from app.services import cases
from app.services.centres import accepting_centres, receiving_centres
from app.services.live_items import live_items, live_version
from app.services.prefill import prefill_for
from app.services.step_forms import application_form
from app.web.posting import parse_post
from forms import CompiledForm

bp = Blueprint("public", __name__)


@bp.route("/")
def index() -> Any:
    return render_template("public/index.html", items=live_items())


@bp.route("/items/<slug>")
def item_guide(slug: str) -> Any:
    item, version = live_version(slug)
    return render_template(
        "public/item.html",
        item=item,
        version=version,
        guide=version.guide or {},
        accepting=accepting_centres(item),
        receiving=receiving_centres(item),
    )


@bp.route("/items/<slug>/apply", methods=["GET", "POST"])
@login_required
def apply(slug: str) -> Any:
    item, version = live_version(slug)
    form = application_form(version, ui_locale())
    centres = accepting_centres(item)
    # The centre that accepts the case and hands out its result (the district hall unless the citizen chose).
    chosen = next((c for c in centres if c.code == request.form.get("centre")), None)
    prefill = prefill_for(current_user, version) if request.method == "GET" else None
    values: dict[str, Any] | None = prefill.values if prefill else None
    errors: dict[str, list[str]] | None = None  # None: a fresh form, where schema defaults are filled in
    token = request.form.get("submission_token") or uuid.uuid4().hex
    if request.method == "POST":
        errors = {}
        existing = cases.find_existing_submission(current_user, token)
        if existing is not None:
            return redirect(url_for("public.receipt", tracking_number=existing.tracking_number))
        result = parse_post(form, current_user)
        values = result.data
        if result.ok and needs_check_page(form) and "confirm" not in request.form:
            if "edit" not in request.form:
                return render_template(
                    "public/check.html",
                    item=item,
                    summary=form.summary(result.data, locale=ui_locale()),
                    hidden=form.encode(result.data).items(multi=True),
                    token=token,
                    chosen_centre=chosen,
                )
        elif result.ok:
            application = cases.submit_application(
                version=version,
                applicant=current_user,
                form_data=result.data,
                submission_token=token,
                centre=chosen,
            )
            db.session.commit()
            return redirect(url_for("public.receipt", tracking_number=application.tracking_number))
        elif not getattr(result, "rerender", False):
            errors = result.errors
    status = 422 if errors else 200
    return render_template(
        "public/apply.html",
        item=item,
        version=version,
        form=form,
        values=values,
        errors=errors,
        token=token,
        prefilled=prefill.paths if prefill else (),
        centres=centres,
        chosen_centre=chosen,
    ), status


# Long forms get a "check your answers" page before the final submit (GOV.UK pattern).
CHECK_PAGE_MIN_FIELDS = 8


def needs_check_page(form: CompiledForm) -> bool:
    return len(form.field_paths) >= CHECK_PAGE_MIN_FIELDS


@bp.route("/applications/<tracking_number>/receipt")
@login_required
def receipt(tracking_number: str) -> Any:
    application: Application = cases.get_by_tracking_number(tracking_number)
    if application.applicant_id != current_user.id and application.entered_by_id != current_user.id:
        abort(404)
    return render_template("public/receipt.html", application=application)
