"""Supervision (效能监察): the dashboard's scope from the query string, drill-downs and exports. Thin: the
figures come from app/services/supervision_dashboard.py, the workbook from app/services/supervision_export.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from app.auth import roles_required
from app.extensions import db
from app.models import Department, Role, ServiceItem, User, UserRole
from app.services.centre_figures import centre_rows
from app.services.centres import all_centres
from app.services.now import today
from app.services.supervision_dashboard import Scope, build_dashboard, cases_of, figure_label
from app.services.supervision_export import cases_csv, period_workbook
from app.services.supervision_scope import allowed_centre, bound_centre, centre_family, read_window, window_choices

bp = Blueprint("supervision", __name__, url_prefix="/supervise")


@bp.app_template_global()
def clock_pause_notice(application: Any) -> str | None:
    """ "已暂停：等待申请人补正，自 12月3日" while the case's clock stands (the applicant's page shows it too)."""
    from app.services.case_clock import case_pause_notice

    return case_pause_notice(application.id) if application.finished_at is None else None


def _date(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() else None


def scope_from_args(args: Any) -> Scope:
    """The period (default: this month up to today) and the scope; unreadable values fall back to defaults.
    A supervisor of a street centre or community station is held to it (app/services/supervision_scope.py)."""
    now = today()
    start = _date(args.get("from"), now.replace(day=1))
    end = _date(args.get("to"), now)
    if end < start:
        start, end = end, start
    centre = allowed_centre(current_user, _int(args.get("centre")))
    return Scope(
        start,
        end,
        _int(args.get("department")),
        _int(args.get("item")),
        _int(args.get("clerk")),
        centre,
        read_window(args.get("window"), centre),
    )


def scope_args(scope: Scope) -> dict[str, Any]:
    args: dict[str, Any] = {"from": scope.start.isoformat(), "to": scope.end.isoformat()}
    scoped = (
        ("department", scope.department_id),
        ("item", scope.item_id),
        ("clerk", scope.clerk_id),
        ("centre", scope.centre_id),
        ("window", scope.window.key if scope.window else None),
    )
    for key, value in scoped:
        if value is not None:
            args[key] = value
    return args


def choices() -> dict[str, Any]:
    """What the filter offers: a centre's supervisor only their centre, its stations, windows and clerks."""
    bound = bound_centre(current_user)
    family = None if bound is None else centre_family(bound)
    clerks = select(User.id, User.display_name).join(UserRole, UserRole.user_id == User.id)
    if family is not None:
        clerks = clerks.where(User.centre_id.in_(family))
    centres = [(c.id, c.name) for c in all_centres(active_only=False) if family is None or c.id in family]
    return {
        "bound_centre": bound,
        "window_choices": window_choices(family),
        "department_choices": list(
            db.session.execute(select(Department.id, Department.name).order_by(Department.code))
        ),
        "item_choices": list(db.session.execute(select(ServiceItem.id, ServiceItem.name).order_by(ServiceItem.code))),
        "centre_choices": centres,
        "clerk_choices": list(
            db.session.execute(clerks.where(UserRole.role == Role.WINDOW_CLERK).order_by(User.username))
        ),
    }


def dashboard_context() -> dict[str, Any]:
    scope = scope_from_args(request.args)
    board = build_dashboard(scope)
    args = scope_args(scope)

    def drill(figure: str) -> str:
        return url_for("supervision.figure_cases", figure=figure, **args)

    lights = [
        {"name": light, "value": board.open_by_light[light], "url": drill(f"open_{light}")}
        for light in ("green", "yellow", "red", "paused")
    ]
    overdue = [
        {"name": name, "value": steps, "url": drill(f"overdue_department_{dept}")}
        for dept, name, steps in board.overdue_steps
    ]
    return {
        "board": board,
        "scope": scope,
        "scope_args": args,
        "drill": drill,
        "chart_data": {"lights": lights, "overdue": overdue},
        "centre_rows": centre_rows(scope),
        **choices(),
    }


@bp.route("/cases/<figure>")
@roles_required(Role.SUPERVISOR, Role.ADMIN)
def figure_cases(figure: str) -> Any:
    scope = scope_from_args(request.args)
    try:
        label = figure_label(figure)
        cases = cases_of(figure, scope)
    except ValueError:
        abort(404)
    return render_template(
        "supervision/cases.html", figure=figure, label=label, cases=cases, scope=scope, scope_args=scope_args(scope)
    )


@bp.route("/export.xlsx")
@roles_required(Role.SUPERVISOR, Role.ADMIN)
def export_xlsx() -> Any:
    scope = scope_from_args(request.args)
    figure = request.args.get("figure")
    try:
        data = period_workbook(scope, figure)
    except ValueError:
        abort(404)
    name = f"效能监察_{scope.start.isoformat()}_{scope.end.isoformat()}{'_' + figure if figure else ''}.xlsx"
    return send_file(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=name,
    )


@bp.route("/export.csv")
@roles_required(Role.SUPERVISOR, Role.ADMIN)
def export_csv() -> Any:
    scope = scope_from_args(request.args)
    figure = request.args.get("figure", "received")
    try:
        text = cases_csv(scope, figure)
    except ValueError:
        abort(404)
    name = f"效能监察_{scope.start.isoformat()}_{scope.end.isoformat()}_{figure}.csv"
    response = Response(text, mimetype="text/csv; charset=utf-8")
    from urllib.parse import quote

    response.headers["Content-Disposition"] = f"attachment; filename=export.csv; filename*=UTF-8''{quote(name)}"
    return response
