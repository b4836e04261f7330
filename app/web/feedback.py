"""Ratings (好差评) and complaints (投诉): the applicant's rating and verdict, the department's follow-up list,
the hall's rating device, the complaint form for anyone, and the supervisors' complaint desk. Thin views."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth import caller_from_bearer, roles_required
from app.extensions import csrf, db
from app.models import Application, Department, Rating, Role, User
from app.services import complaints, ratings
from app.services.cases import get_by_tracking_number
from app.services.centres import all_centres
from app.services.errors import InvalidData, NotAllowed, ServiceError
from app.services.now import today

bp = Blueprint("feedback", __name__)


def _messages(exc: InvalidData) -> str:
    return "；".join(m for messages in (exc.details or {}).values() for m in messages) or exc.message


@bp.app_template_global()
def rating_for(application: Application) -> Rating | None:
    return ratings.rating_of(application.id) if application.finished_at is not None else None


@bp.app_template_global()
def rating_tags() -> tuple[str, ...]:
    return ratings.TAGS


def _own_case(tracking_number: str) -> Application:
    application = get_by_tracking_number(tracking_number)
    if application.applicant_id != current_user.id:
        abort(404)
    return application


@bp.route("/my/applications/<tracking_number>/rating", methods=["POST"])
@login_required
def rate(tracking_number: str) -> Any:
    application = _own_case(tracking_number)
    score = request.form.get("score", "")
    try:
        ratings.rate_case(
            application,
            score=int(score) if score.isdecimal() else None,
            comment=request.form.get("comment", ""),
            tags=request.form.getlist("tags"),
            channel="online",
            actor=current_user,
        )
    except InvalidData as exc:
        db.session.rollback()
        flash(_messages(exc))
    else:
        db.session.commit()
        flash("感谢您的评价")
    return redirect(url_for("portal.my_application", tracking_number=tracking_number) + "#rating")


@bp.route("/my/ratings/<int:rating_id>/resolution", methods=["POST"])
@login_required
def confirm(rating_id: int) -> Any:
    rating = ratings.get_rating(rating_id)
    if rating.application.applicant_id != current_user.id:
        abort(404)
    try:
        ratings.confirm_resolution(
            rating, current_user, request.form.get("resolved") == "yes", request.form.get("note", "")
        )
    except InvalidData as exc:
        db.session.rollback()
        flash(_messages(exc))
    else:
        db.session.commit()
        flash("已收到您的确认")
    return redirect(url_for("portal.my_application", tracking_number=rating.application.tracking_number) + "#rating")


@bp.route("/follow-ups")
@roles_required(Role.APPROVER, Role.DEPARTMENT_ADMIN, Role.SUPERVISOR, Role.ADMIN)
def follow_ups() -> Any:
    department = None if current_user.has_role(Role.SUPERVISOR, Role.ADMIN) else current_user.department_id
    return render_template("feedback/follow_ups.html", ratings=ratings.open_follow_ups(department), today=today())


@bp.route("/follow-ups/<int:rating_id>", methods=["POST"])
@roles_required(Role.APPROVER, Role.DEPARTMENT_ADMIN)
def answer_follow_up(rating_id: int) -> Any:
    rating = ratings.get_rating(rating_id)
    try:
        ratings.answer_follow_up(rating, current_user, request.form.get("answer", ""))
    except InvalidData as exc:
        db.session.rollback()
        flash(_messages(exc))
    else:
        db.session.commit()
        flash(f"已答复差评（{rating.application.tracking_number}）")
    return redirect(url_for("feedback.follow_ups"))


@bp.route("/api/v1/ratings/device", methods=["POST"])
@csrf.exempt
def device_rating() -> Any:
    """The hall's rating device (评价器): a window clerk's token, the case's tracking number and the score."""
    caller = caller_from_bearer(request.headers.get("Authorization", ""))
    if caller is None:
        return jsonify(error_code="unauthorized", message="需要有效的访问令牌（Authorization: Bearer …）"), 401
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error_code="invalid_data", message="请求体必须是 JSON 对象", details=None), 422
    try:
        if not caller.has_role(Role.WINDOW_CLERK):
            raise NotAllowed("只有窗口的评价器可以提交")
        application = get_by_tracking_number(str(body.get("tracking_number", "")))
        score = body.get("score")
        rating = ratings.rate_case(
            application,
            score=score if isinstance(score, int) and not isinstance(score, bool) else None,
            comment=str(body.get("comment") or ""),
            tags=[str(t) for t in body.get("tags") or []],
            channel="device",
            actor=caller,
        )
    except ServiceError as exc:
        db.session.rollback()
        return jsonify(error_code=exc.code, message=exc.message, details=exc.details), exc.status
    db.session.commit()
    return jsonify(id=rating.id, score=rating.score, follow_up_due=_iso(rating.follow_up_due)), 201


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# --- complaints ---


@bp.route("/complaints/new", methods=["GET", "POST"])
def new_complaint() -> Any:
    values: dict[str, str] = {k: request.values.get(k, "") for k in ("about", "tracking_number")}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {k: request.form.get(k, "") for k in request.form}
        data = complaints.ComplaintInput(
            about=values.get("about", ""),
            content=values.get("content", ""),
            name=values.get("name", ""),
            phone=values.get("phone", ""),
            tracking_number=values.get("tracking_number", ""),
            window_name=values.get("window_name", ""),
            clerk_name=values.get("clerk_name", ""),
            evidence=values.get("evidence", ""),
            centre_id=_int(values.get("centre")),
        )
        actor = current_user if current_user.is_authenticated else None
        try:
            complaint = complaints.file_complaint(data, actor)
        except InvalidData as exc:
            db.session.rollback()
            errors = exc.details or {}
        else:
            db.session.commit()
            return render_template("feedback/complaint_filed.html", complaint=complaint)
    centres = [(c.id, c.name) for c in all_centres()]
    page = render_template(
        "feedback/complaint_form.html", values=values, errors=errors, about=complaints.ABOUT, centres=centres
    )
    return page, (422 if errors else 200)


@bp.route("/complaints")
@roles_required(Role.SUPERVISOR, Role.ADMIN, Role.APPROVER, Role.DEPARTMENT_ADMIN)
def complaint_list() -> Any:
    supervising = current_user.has_role(Role.SUPERVISOR, Role.ADMIN)
    centres = complaints.supervised_centres(current_user) if supervising else None
    return render_template(
        "feedback/complaints.html",
        complaints=complaints.complaints_for(current_user),
        statistics=complaints.complaint_statistics(centres),
        by_centre=complaints.complaints_by_centre(centres) if supervising else [],
        labels=complaints.STATUS_LABELS,
        about=complaints.ABOUT,
        today=today(),
    )


@bp.route("/complaints/<int:complaint_id>", methods=["GET", "POST"])
@roles_required(Role.SUPERVISOR, Role.ADMIN, Role.APPROVER, Role.DEPARTMENT_ADMIN)
def complaint_detail(complaint_id: int) -> Any:
    complaint = complaints.get_complaint(complaint_id)
    supervising = current_user.has_role(Role.SUPERVISOR, Role.ADMIN)
    if not complaints.may_see(complaint, current_user):
        abort(404)
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "assign":
                days = request.form.get("days", "")
                complaints.assign(
                    complaint,
                    current_user,
                    _int(request.form.get("department")),
                    _int(request.form.get("handler")),
                    int(days) if days.isdecimal() else 0,
                )
            elif action == "answer":
                complaints.answer(complaint, current_user, request.form.get("answer", ""))
            elif action == "close":
                complaints.close(complaint, current_user, request.form.get("note", ""))
            else:
                abort(400)
        except InvalidData as exc:
            db.session.rollback()
            flash(_messages(exc))
        else:
            db.session.commit()
            flash({"assign": "已分派", "answer": "已答复", "close": "已办结"}[action])
        return redirect(url_for("feedback.complaint_detail", complaint_id=complaint.id))
    staff = db.session.execute(
        select(User.id, User.display_name, Department.name)
        .join(Department, Department.id == User.department_id)
        .order_by(Department.code, User.username)
    ).all()
    return render_template(
        "feedback/complaint.html",
        complaint=complaint,
        supervising=supervising,
        departments=db.session.execute(select(Department.id, Department.name).order_by(Department.code)).all(),
        staff=staff,
        labels=complaints.STATUS_LABELS,
        about=complaints.ABOUT,
        default_days=complaints.DEFAULT_DAYS,
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() else None
