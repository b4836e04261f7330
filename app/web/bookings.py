"""Appointments (预约): the citizen books, sees and cancels; the window sees the day's bookings and checks in."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.auth import roles_required
from app.extensions import db
from app.models import Role
from app.services import bookings
from app.services.centres import accepting_centres, centre_by_code, receiving_centres
from app.services.errors import Conflict, InvalidData
from app.services.live_items import live_version
from app.services.now import today

bp = Blueprint("bookings", __name__)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@bp.route("/items/<slug>/book", methods=["GET", "POST"])
@login_required
def book(slug: str) -> Any:
    item, _version = live_version(slug)
    centres = accepting_centres(item) + receiving_centres(item)
    centre = centre_by_code(request.values.get("centre", ""))
    if centre is not None and centre not in centres:
        centre = None
    day = _day(request.values.get("day"))
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and centre is not None and day is not None:
        try:
            booking = bookings.book(
                citizen=current_user,
                centre=centre,
                item=item,
                day=day,
                starts=request.form.get("slot", ""),
                name=request.form.get("name", ""),
                phone=request.form.get("phone", ""),
            )
        except InvalidData as exc:
            db.session.rollback()
            errors = exc.details or {}  # type: ignore[assignment]
        except Conflict as exc:  # the slot filled meanwhile, or a booking for the item that day already held
            db.session.rollback()
            errors = {"slot": [exc.message]}
        else:
            db.session.commit()
            flash(f"预约成功，预约号 {booking.number}")
            return redirect(url_for("bookings.show", number=booking.number))
    days = bookings.open_days(centre) if centre is not None else []
    slots = bookings.slots_of(centre, day) if centre is not None and day in days else []
    return render_template(
        "bookings/new.html",
        item=item,
        centres=centres,
        receiving={c.id for c in receiving_centres(item)},
        centre=centre,
        days=days,
        day=day if day in days else None,
        slots=slots,
        errors=errors,
        name=request.form.get("name", current_user.display_name),
        phone=request.form.get("phone", current_user.phone or ""),
        chosen=request.form.get("slot"),
    ), (422 if errors else 200)


@bp.route("/my/bookings")
@login_required
def mine() -> Any:
    return render_template("bookings/mine.html", bookings=bookings.bookings_of(current_user.id))


def _own(number: str) -> Any:
    booking = bookings.get_booking(number)
    if booking.citizen_id != current_user.id:
        abort(404)  # another person's booking does not exist for them
    return booking


@bp.route("/bookings/<number>")
@login_required
def show(number: str) -> Any:
    return render_template("bookings/show.html", booking=_own(number))


@bp.route("/bookings/<number>/cancel", methods=["POST"])
@login_required
def cancel(number: str) -> Any:
    booking = _own(number)
    bookings.cancel(booking, current_user)
    db.session.commit()
    flash(f"预约 {booking.number} 已取消")
    return redirect(url_for("bookings.show", number=booking.number))


@bp.route("/window/bookings")
@roles_required(Role.WINDOW_CLERK)
def window_day() -> Any:
    day = _day(request.args.get("day")) or today()
    centre_id = current_user.centre_id
    bookings.mark_no_shows(centre_id)
    db.session.commit()
    rows = bookings.day_bookings(centre_id, day)
    return render_template(
        "bookings/window_day.html",
        day=day,
        today=today(),
        previous=day - timedelta(days=1),
        following=day + timedelta(days=1),
        centre=current_user.centre,
        bookings=rows,
        counts=bookings.counts(rows),
        no_shows_30=bookings.no_shows_since(centre_id, today() - timedelta(days=30)),
    )


@bp.route("/window/bookings/<number>/check-in", methods=["POST"])
@roles_required(Role.WINDOW_CLERK)
def check_in(number: str) -> Any:
    booking = bookings.get_booking(number)
    bookings.check_in(booking, current_user)
    db.session.commit()
    flash(f"{booking.name}（{booking.number}）已签到")
    return redirect(url_for("bookings.window_day", day=booking.day.isoformat()))
