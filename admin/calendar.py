"""The working-day calendar page (工作日历): a year's holidays and make-up days pasted as ranges, then confirmed."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user

from admin.access import AdminAccess
from app.domain.work_calendar import RangeError, SpecialDay, format_year_ranges, parse_year_ranges
from app.extensions import db
from app.services.now import today
from app.services.work_calendar import confirm_year, confirmed_years, save_year, withdraw_year, year_days

FIRST_YEAR, LAST_YEAR = 2004, 2100


def _year_or_404(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        from flask import abort

        abort(404)
    return year


def source_label(source: str) -> str:
    """Where a date or a confirmation came from, in words (the table keeps the package's name and version)."""
    return "管理员录入" if source == "admin" else f"国务院通知（{source} 内置）"


def hall_time(moment: Any) -> str:
    from datetime import UTC

    from app.services.now import HALL_TIME

    return moment.replace(tzinfo=UTC).astimezone(HALL_TIME).strftime("%Y-%m-%d %H:%M")


class CalendarView(AdminAccess, BaseView):
    """Platform admins only (AdminAccess's default): one calendar serves every department."""

    @expose("/")
    def index(self) -> Any:
        this_year = today().year
        confirmed = confirmed_years()
        years = sorted(set(range(this_year - 2, this_year + 3)) | set(confirmed), reverse=True)
        return self.render(
            "admin/calendar/index.html",
            years=years,
            confirmed=confirmed,
            this_year=this_year,
            source_label=source_label,
            hall_time=hall_time,
        )

    @expose("/<int:year>", methods=["GET", "POST"])
    def year(self, year: int) -> Any:
        _year_or_404(year)
        error: RangeError | None = None
        text = None
        if request.method == "POST":
            action = request.form.get("action", "save")
            text = request.form.get("ranges", "")
            if action == "confirm":
                confirm_year(year, current_user)
                db.session.commit()
                flash(f"{year} 年安排已确认，在办案件的到期日将由后台重新计算")
                return redirect(url_for(".year", year=year))
            if action == "withdraw":
                withdraw_year(year, current_user)
                db.session.commit()
                flash(f"{year} 年已改回“周一至周五”计算，待重新确认")
                return redirect(url_for(".year", year=year))
            try:
                days = parse_year_ranges(year, text)
            except RangeError as exc:
                error = exc
            else:
                change = save_year(year, days, current_user)
                db.session.commit()
                flash(f"已保存：新增 {len(change.added)}、删除 {len(change.removed)}、修改 {len(change.changed)} 天")
                return redirect(url_for(".year", year=year))
        rows = year_days(year)
        if text is None:
            text = format_year_ranges(SpecialDay(r.day, r.is_workday, r.name) for r in rows)
        return self.render(
            "admin/calendar/year.html",
            year=year,
            rows=rows,
            text=text,
            error=error,
            confirmed=confirmed_years().get(year),
            source_label=source_label,
            hall_time=hall_time,
        ), (422 if error else 200)
