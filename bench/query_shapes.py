"""The queries timed at scale: the application's own functions, so the benchmark follows the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.extensions import db
from app.services.supervision import (
    light_boundaries,
    lights_by_department,
    most_urgent_open_cases,
    supervision_counts_stmt,
)

__all__ = [
    "approver",
    "cases_today",
    "finished_by",
    "search",
    "WINDOW",
    "by_tracking_number",
    "dashboard",
    "dashboard_figure",
    "dashboard_open_lights",
    "dashboard_overdue_steps",
    "dashboard_working_days",
    "drill_down",
    "department_queue",
    "light_boundaries",
    "my_applications",
    "supervise_page",
    "supervision_counts",
]


def department_queue(department_id: int) -> list[Any]:
    """A department's task queue, first page by due date: what app/web/staff.py `department_queue` shows."""
    from app.models import HumanTask
    from app.services.task_lists import open_tasks

    return open_tasks(HumanTask.department_id == department_id)


def by_tracking_number(number: str) -> Any:
    """Search by tracking number: the service the staff case view and the API call."""
    from app.services.cases import get_by_tracking_number

    return get_by_tracking_number(number)


def my_applications(applicant_id: int) -> list[Any]:
    """A citizen's "my applications" list: what app/web/portal.py `my_applications` shows."""
    from app.services.cases import applications_of

    return applications_of(applicant_id)


class BenchActor:
    """A searcher for the benchmark: the window (reads every case) or an approver of one department."""

    def __init__(self, roles: tuple[str, ...], department_id: int | None = None, user_id: int = 0) -> None:
        self.id, self.roles, self.department_id = user_id, roles, department_id

    def has_role(self, *names: str) -> bool:
        return any(name in self.roles for name in names)


WINDOW = BenchActor(("window_clerk",))


def approver(department_id: int) -> BenchActor:
    return BenchActor(("approver",), department_id)


def search(actor: Any, **fields: Any) -> list[Any]:
    """The staff search page's query (app/web/search.py), first page."""
    from app.services.staff_search import CaseSearch, search_cases

    return search_cases(actor, CaseSearch(**fields)).rows


def cases_today(today: date) -> list[Any]:
    from app.services.staff_search import cases_of_day

    return cases_of_day(WINDOW, today).rows


def finished_by(user_id: int) -> list[Any]:
    from app.services.staff_search import finished_work

    return finished_work(BenchActor(("window_clerk",), None, user_id)).rows


def supervision_counts(today: date, next_workday: date) -> list[Any]:
    return list(db.session.execute(supervision_counts_stmt(today, next_workday)).all())


def supervise_page(today: date) -> tuple[list[Any], list[Any]]:
    """What app/web/staff.py `supervise` runs: the most urgent open cases and the lights per department."""
    return most_urgent_open_cases(), lights_by_department(today)


def _month(today: date, department_id: int | None = None, **scope: Any) -> Any:
    """The last 30 days: a full month of cases, whatever day of the month the benchmark runs on."""
    from datetime import timedelta

    from app.services.supervision_dashboard import Scope

    return Scope(today - timedelta(days=30), today, department_id=department_id, **scope)


def dashboard(today: date, department_id: int | None = None, **scope: Any) -> Any:
    """The supervision dashboard's figures for the last 30 days (all departments, or one; ``scope``: a centre, a
    window): every query of the page."""
    from app.services.supervision_dashboard import build_dashboard

    return build_dashboard(_month(today, department_id, **scope))


def dashboard_figure(today: date, name: str) -> Any:
    """One figure's count, as the dashboard runs it."""
    from app.services.supervision_dashboard import count

    return count(name, _month(today))


def dashboard_working_days(today: date) -> Any:
    from app.services.supervision_dashboard import working_day_figures

    return working_day_figures(_month(today))


def dashboard_open_lights(today: date) -> Any:
    from app.services.supervision_dashboard import open_by_light

    return open_by_light(_month(today))


def dashboard_overdue_steps(today: date) -> Any:
    from app.services.supervision_dashboard import overdue_steps_by_department

    return overdue_steps_by_department(_month(today))


def drill_down(today: date, name: str) -> Any:
    """A figure's cases (the first page of 500), as the drill-down page lists them."""
    from app.services.supervision_dashboard import cases_of

    return cases_of(name, _month(today))
