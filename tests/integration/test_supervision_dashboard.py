"""The dashboard's figures from cases moved through the real services under a moving hall clock."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from tests.integration.drive import (
    ISSUE,
    WINDOW_ACCEPT,
    WINDOW_DECLINE,
    WINDOW_SUPPLEMENT,
    WSJK_DECIDE,
    WSJK_REVIEW,
    department_id,
    step,
    submit,
    user,
)

MON_28_DEC = datetime(2026, 12, 28, 2, 0)
WED_30_DEC = datetime(2026, 12, 30, 2, 0)
TUE_12_JAN = datetime(2027, 1, 12, 2, 0)


def _at(app, moment: datetime) -> None:
    app.config["CLOCK_NOW"] = lambda: moment


def test_period_figures_rates_working_days_and_overdue_steps_per_department(demo, client, login):
    from app.services.supervision_dashboard import Scope, build_dashboard, cases_of
    from app.services.worker import run_once

    _at(demo, MON_28_DEC)
    with demo.app_context():
        early = submit("promised")  # wsjk, 5 working days: due 4 January
        step(early, "window_review", "window", WINDOW_ACCEPT)
        joint = submit("joint")  # scjg leads, wsjk takes part; 10 working days: due 11 January
        step(joint, "window_review", "window", WINDOW_ACCEPT)
        declined = submit("promised")
        step(declined, "window_review", "window", WINDOW_DECLINE)
        supplement = submit("promised")
        step(supplement, "window_review", "window", WINDOW_SUPPLEMENT)
    _at(demo, WED_30_DEC)
    with demo.app_context():
        step(early, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(early, "wsjk_decide", "wsjk", WSJK_DECIDE)
        step(early, "output_issue", "window", ISSUE)  # finished after 2 working days (29, 30 December)
    _at(demo, TUE_12_JAN)
    with demo.app_context():
        run_once(now=TUE_12_JAN)
        scope = Scope(date(2026, 12, 1), date(2027, 1, 31))
        board = build_dashboard(scope)
        assert board.counts == {
            "received": 4,
            "accepted": 2,
            "declined": 1,
            "supplements": 1,
            "completed": 1,
            "early": 1,
            "on_time": 0,
            "late": 0,
        }
        assert board.on_time_rate == 1.0 and board.early_rate == 1.0
        assert board.average_days == 2.0 and board.p90_days == 2
        assert board.open_by_light["red"] == 1 and board.open_by_light["paused"] == 0
        # The joint case's two department steps are overdue: each under its own department.
        overdue = {name: steps for _, name, steps in board.overdue_steps}
        assert overdue == {"区市场监督管理局": 1, "区卫生健康委员会": 1}
        wsjk = department_id("wsjk")
        assert [c.id for c in cases_of(f"overdue_department_{wsjk}", scope)] == [joint]
        # Scopes: the lead department, and the clerk who accepted.
        scjg_only = build_dashboard(Scope(date(2026, 12, 1), date(2027, 1, 31), department_id=department_id("scjg")))
        assert scjg_only.counts["received"] == 1 and scjg_only.counts["completed"] == 0
        clerk = build_dashboard(Scope(date(2026, 12, 1), date(2027, 1, 31), clerk_id=user("window").id))
        assert clerk.counts["received"] == 4
        outside = build_dashboard(Scope(date(2027, 2, 1), date(2027, 2, 28)))
        assert outside.counts["received"] == 0 and outside.average_days is None

    login(client, "supervisor")
    page = client.get("/supervise/cases/early?from=2026-12-01&to=2027-01-31").get_data(as_text=True)
    assert "提前办结" in page
    exported = client.get("/supervise/export.csv?figure=declined&from=2026-12-01&to=2027-01-31")
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "受理编号" and len(rows) == 2 and rows[1][3] == "不予受理"
    assert client.get("/supervise/cases/nonsense").status_code == 404
    login(client, "scjg")
    assert client.get("/supervise/export.xlsx").status_code == 403
