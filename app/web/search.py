"""Finding a case from every staff page, and the staff's own lists: finished work, today's cases."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from app.auth import roles_required
from app.extensions import db
from app.models import Role, ServiceItem
from app.services.now import today
from app.services.staff_search import CaseSearch, cases_of_day, finished_work, search_cases

bp = Blueprint("search", __name__)

STAFF = (Role.WINDOW_CLERK, Role.APPROVER, Role.SUPERVISOR, Role.ADMIN)


def _page() -> int:
    number = request.args.get("page", "1")
    return int(number) if number.isdigit() and 0 < int(number) < 10_000 else 1


def _date(name: str, label: str, problems: dict[str, str]) -> date | None:
    typed = request.args.get(name, "").strip()
    if not typed:
        return None
    try:
        return date.fromisoformat(typed)
    except ValueError:
        problems[name] = gettext("%(field)s不是有效日期，请按 2026-12-02 的格式填写", field=label)
        return None


@bp.route("/search")
@roles_required(*STAFF)
def find_case() -> Any:
    problems: dict[str, str] = {}
    item = request.args.get("item", "")
    search = CaseSearch(
        text=request.args.get("q", "")[:200],
        item_id=int(item) if item.isdigit() else None,
        date_from=_date("from", gettext("提交日期（起）"), problems),
        date_to=_date("to", gettext("提交日期（止）"), problems),
    )
    if search.date_from and search.date_to and search.date_from > search.date_to:
        problems["to"] = gettext("提交日期（止）不能早于提交日期（起）")
    page = None if search.empty or problems else search_cases(current_user, search, _page())
    items = db.session.scalars(select(ServiceItem).order_by(ServiceItem.name)).all()
    return render_template("staff/search.html", search=search, page=page, items=items, problems=problems), (
        422 if problems else 200
    )


@bp.route("/work/done")
@roles_required(Role.WINDOW_CLERK, Role.APPROVER)
def my_finished_work() -> Any:
    return render_template("staff/done.html", page=finished_work(current_user, _page()))


@bp.route("/cases/today")
@roles_required(*STAFF)
def cases_today() -> Any:
    day = today()
    return render_template("staff/today.html", day=day, page=cases_of_day(current_user, day, _page()))
