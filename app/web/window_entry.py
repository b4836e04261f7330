"""The window enters a walk-in application with the same generated form citizens use online."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth import roles_required
from app.extensions import db
from app.i18n import ui_locale
from app.models import Role
from app.services import cases
from app.services.bookings import booked_identity
from app.services.centres import items_taken_in, route_at
from app.services.live_items import live_items, live_version
from app.services.step_forms import application_form
from app.services.walk_in import WALK_IN_IDENTITY_FORM, WalkInLookup, find_or_create_citizen, look_up_applicant
from app.web.posting import parse_post
from forms import compile_form_cached

bp = Blueprint("window_entry", __name__, url_prefix="/window/new")


def _identity_form():  # type: ignore[no-untyped-def]
    return compile_form_cached("platform/walk_in_identity", WALK_IN_IDENTITY_FORM)


@bp.route("/")
@roles_required(Role.WINDOW_CLERK)
def choose_item() -> Any:
    centre = current_user.centre
    items = live_items()
    if centre is not None:
        items = items_taken_in(centre, items)
    return render_template("window/choose_item.html", items=items, centre=centre)


@bp.route("/<slug>", methods=["GET", "POST"])
@roles_required(Role.WINDOW_CLERK)
def enter(slug: str) -> Any:
    item, version = live_version(slug)
    # The clerk's centre accepts it, or (a receive-only station) forwards it to the centre above that does;
    # a centre that may do neither is refused here, before anything is typed, naming where to go.
    accepting, received = route_at(current_user.centre, item) if current_user.centre else (None, None)
    identity_form, item_form = _identity_form(), application_form(version, ui_locale())
    identity: dict[str, Any] | None = None
    values: dict[str, Any] | None = None
    errors: dict[str, list[str]] | None = None
    token = request.form.get("submission_token") or uuid.uuid4().hex
    lookup: WalkInLookup | None = None
    if request.method == "GET" and request.args.get("booking"):
        identity = booked_identity(request.args["booking"], current_user)
    if request.method == "POST" and "find_id_number" in request.form:
        lookup = look_up_applicant(request.form["find_id_number"], version)
        identity, values = lookup.identity, lookup.prefill.values or None
    elif request.method == "POST":
        who = identity_form.parse(request.form, locale=ui_locale())
        # Materials scanned at the window are kept as the clerk's uploads (the applicant may have no account yet).
        what = parse_post(item_form, current_user)
        identity, values = who.data, what.data
        errors = {**who.errors, **what.errors}
        if who.ok and what.ok:
            citizen = find_or_create_citizen(who.data["walk_in"])
            application = cases.submit_application(
                version=version,
                applicant=citizen,
                form_data=what.data,
                submission_token=token,
                channel="window",
                entered_by=current_user,
                centre=accepting,
                received_centre=received,
            )
            db.session.commit()
            return redirect(url_for("public.receipt", tracking_number=application.tracking_number))
        if what.rerender:
            errors = {**who.errors}
    return render_template(
        "window/enter.html",
        item=item,
        accepting=accepting,
        received=received,
        identity_form=identity_form,
        item_form=item_form,
        identity=identity,
        values=values,
        errors=errors,
        token=token,
        lookup=lookup,
        prefilled=lookup.prefill.paths if lookup else (),
    ), (422 if errors else 200)
