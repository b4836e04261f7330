"""The clock in the running app: the admin calendar page, due dates recomputed by the worker after a change,
an excluded period declared on a step, and the paused case shown as paused."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from app.domain.clock import Pause, PauseKind, due_date
from app.domain.work_calendar import WEEKDAYS
from tests.factories import csrf_token
from tests.integration.drive import WINDOW_ACCEPT, ready_task, step, submit, user

MONDAY_28_DEC = datetime(2026, 12, 28, 2, 0)  # 10:00 in Beijing


def _set_clock(app, moment: datetime) -> None:
    app.config["CLOCK_NOW"] = lambda: moment


def _case(application_id: int):
    from app.extensions import db
    from app.models import Application

    db.session.expire_all()
    return db.session.get(Application, application_id)


def test_admin_pastes_and_confirms_2027_and_the_worker_moves_open_due_dates(demo, client, login):
    from app.extensions import db
    from app.models import AuditEvent, HumanTask
    from app.services.worker import run_once

    _set_clock(demo, MONDAY_28_DEC)
    with demo.app_context():
        case_id = submit("promised")  # 5 working days
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        # 2027 is not confirmed: Monday–Friday, so 29, 30, 31 December, 1 and 4 January.
        assert _case(case_id).due_date == date(2027, 1, 4)

    login(client, "admin")
    page = client.get("/admin/calendar/2027").get_data(as_text=True)
    assert "2027 年安排尚未确认" in page and "2027 年的节假日安排尚未确认" in page
    token = csrf_token(client, "/admin/calendar/2027")
    bad = client.post("/admin/calendar/2027", data={"csrf_token": token, "ranges": "休 1月1日 元旦\n放 1月2日"})
    assert bad.status_code == 422 and "第 2 行「放 1月2日」" in bad.get_data(as_text=True)
    saved = client.post(
        "/admin/calendar/2027", data={"csrf_token": token, "ranges": "休 1月1日 元旦", "action": "save"}
    )
    assert saved.status_code == 302
    with demo.app_context():
        run_once(now=MONDAY_28_DEC)
        assert _case(case_id).due_date == date(2027, 1, 4)  # saved, not confirmed: still a draft
    client.post("/admin/calendar/2027", data={"csrf_token": token, "action": "confirm"})
    assert "2027 年的节假日安排尚未确认" not in client.get("/admin/calendar/").get_data(as_text=True)
    with demo.app_context():
        run_once(now=MONDAY_28_DEC)
        assert _case(case_id).due_date == date(2027, 1, 5)  # New Year's Day no longer counts
        tasks = db.session.scalars(select(HumanTask.due_date).where(HumanTask.application_id == case_id)).all()
        assert date(2027, 1, 5) in tasks
        events = db.session.execute(
            select(AuditEvent.action, AuditEvent.actor_name, AuditEvent.detail).where(
                AuditEvent.action.like("calendar.%")
            )
        ).all()
        assert [(a, n) for a, n, _ in events] == [
            ("calendar.year_saved", user("admin").display_name),
            ("calendar.year_confirmed", user("admin").display_name),
        ]
        assert events[0].detail["added"] == ["2027-01-01 休 元旦"]


def test_an_excluded_period_stops_the_clock_and_the_case_page_says_so(demo, client, login):
    from app.extensions import db
    from app.models import AuditEvent

    _set_clock(demo, MONDAY_28_DEC)
    with demo.app_context():
        case_id = submit("promised")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        task_id = ready_task(case_id, "wsjk_review")
        number = _case(case_id).tracking_number
    _set_clock(demo, datetime(2026, 12, 30, 2, 0))  # declared on Wednesday: only 29 December counted
    login(client, "wsjk")
    token = csrf_token(client, f"/tasks/{task_id}")
    empty = client.post(f"/tasks/{task_id}/excluded-period", data={"csrf_token": token, "reason": " "})
    assert empty.status_code == 302
    assert "请填写特别程序的事由" in client.get(f"/tasks/{task_id}").get_data(as_text=True)
    client.post(
        f"/tasks/{task_id}/excluded-period", data={"csrf_token": token, "reason": "专家评审", "expected_days": "3"}
    )
    page = client.get(f"/cases/{number}").get_data(as_text=True)
    assert "已暂停：特别程序（专家评审），自 12月30日" in page
    with demo.app_context():
        assert _case(case_id).light == "paused"
    _set_clock(demo, datetime(2027, 1, 5, 2, 0))  # ended on Tuesday 5 January
    client.post(f"/cases/{number}/excluded-period/end", data={"csrf_token": token})
    with demo.app_context():
        pause = Pause(date(2026, 12, 30), date(2027, 1, 5), PauseKind.EXCLUDED)
        expected = due_date(date(2026, 12, 28), 5, WEEKDAYS, [pause])
        # 29 December counted; the period took 30 December to 5 January; then 6, 7, 8 and 11 January.
        assert expected == date(2027, 1, 11)
        case = _case(case_id)
        assert case.due_date == expected and case.light == "green"
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.application_id == case_id).order_by(AuditEvent.id)
        ).all()
        assert "clock.excluded_period_declared" in actions and "clock.excluded_period_ended" in actions
    assert "已暂停" not in client.get(f"/cases/{number}").get_data(as_text=True)


def test_the_sweep_turns_lights_when_the_date_turns_and_alerts_once(demo):
    from app.extensions import db
    from app.models import Application, HumanTask, Notification
    from app.services.worker import run_once

    _set_clock(demo, MONDAY_28_DEC)
    with demo.app_context():
        case_id = submit("promised")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        assert _case(case_id).due_date == date(2027, 1, 4) and _case(case_id).light == "green"
        run_once(now=datetime(2027, 1, 4, 1, 0))  # the last day: yellow
        assert _case(case_id).light == "yellow"
        run_once(now=datetime(2027, 1, 5, 1, 0))  # the day after: red
        run_once(now=datetime(2027, 1, 5, 3, 0))  # the same day again: nothing new
        assert _case(case_id).light == "red"
        task = db.session.scalar(
            select(HumanTask).where(HumanTask.application_id == case_id, HumanTask.state == "ready")
        )
        assert task.light == "red"
        sent = db.session.execute(
            select(Notification.event, Notification.recipient).where(Notification.application_id == case_id)
        ).all()
        events = sorted({e for e, _ in sent if e in ("step_due_soon", "step_overdue")})
        assert events == ["step_due_soon", "step_overdue"]
        supervisor = user("supervisor").display_name
        assert ("step_overdue", supervisor) in sent and ("step_due_soon", supervisor) not in sent
        assert len([1 for e, r in sent if (e, r) == ("step_overdue", supervisor)]) == 1
        red = db.session.scalars(select(Application.id).where(Application.light == "red")).all()
        assert red == [case_id]


def test_the_applicant_sees_the_clock_stand_while_they_owe_a_supplement(demo, client, login):
    from tests.integration.drive import WINDOW_SUPPLEMENT

    _set_clock(demo, datetime(2026, 12, 3, 2, 0))
    with demo.app_context():
        case_id = submit("promised")
        step(case_id, "window_review", "window", WINDOW_SUPPLEMENT)
        number = _case(case_id).tracking_number
    login(client, "citizen")
    page = client.get(f"/my/applications/{number}").get_data(as_text=True)
    assert "已暂停：等待申请人补正，自 12月3日" in page
    login(client, "window")
    assert "已暂停：等待申请人补正，自 12月3日" in client.get(f"/cases/{number}").get_data(as_text=True)
