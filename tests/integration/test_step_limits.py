"""A department step with its own limit (limitDays on its BPMN task): its own due date and light, its own alerts,
and the dashboard's overdue steps per department, while the case is still in time.

The demo joint item (开办宾馆酒店) gives the case 10 working days and 卫健委's step 3 of them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from tests.integration.drive import WINDOW_ACCEPT, department_id, ready_task, step, submit, user

MON_28_DEC = datetime(2026, 12, 28, 2, 0)  # 10:00 in Beijing; 2027 not confirmed, so Monday–Friday after it


def _at(app, moment: datetime) -> None:
    app.config["CLOCK_NOW"] = lambda: moment


def _task(case_id: int, element_id: str):
    from app.extensions import db
    from app.models import HumanTask

    db.session.expire_all()
    return db.session.get(HumanTask, ready_task(case_id, element_id))


def _case(case_id: int):
    from app.extensions import db
    from app.models import Application

    db.session.expire_all()
    return db.session.get(Application, case_id)


def _sent(case_id: int) -> list[tuple[str, str]]:
    from app.extensions import db
    from app.models import Notification

    rows = db.session.execute(
        select(Notification.event, Notification.recipient).where(Notification.application_id == case_id)
    )
    return [(e, r) for e, r in rows if e in ("step_due_soon", "step_overdue")]


def test_a_step_turns_yellow_then_red_on_its_own_limit_while_the_case_stays_green(demo, client, login):
    from app.services.supervision_dashboard import Scope, build_dashboard, cases_of
    from app.services.worker import run_once

    _at(demo, MON_28_DEC)
    with demo.app_context():
        case_id = submit("joint")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        case = _case(case_id)
        assert case.due_date == date(2027, 1, 11)  # 29, 30, 31 Dec, 1, 4–8 and 11 January
        wsjk, scjg = _task(case_id, "wsjk_review"), _task(case_id, "scjg_review")
        assert (wsjk.limit_days, wsjk.due_date, wsjk.light) == (3, date(2026, 12, 31), "green")
        assert (scjg.limit_days, scjg.due_date) == (None, case.due_date)

        run_once(now=datetime(2026, 12, 31, 1, 0))  # the step's last working day
        assert _task(case_id, "wsjk_review").light == "yellow" and _case(case_id).light == "green"
        heads = {u.display_name for u in (user("wsjk-admin"),)}
        assert {r for e, r in _sent(case_id) if e == "step_due_soon"} >= heads  # "about to be late"

        run_once(now=datetime(2027, 1, 1, 1, 0))  # the day after: late, the case still in time
        assert _task(case_id, "wsjk_review").light == "red" and _task(case_id, "scjg_review").light == "green"
        assert _case(case_id).light == "green"
        assert ("step_overdue", user("supervisor").display_name) in _sent(case_id)

        board = build_dashboard(Scope(date(2026, 12, 1), date(2027, 1, 31)))
        assert {name: n for _, name, n in board.overdue_steps} == {"区卫生健康委员会": 1}
        scope = Scope(date(2026, 12, 1), date(2027, 1, 31))
        assert [c.id for c in cases_of(f"overdue_department_{department_id('wsjk')}", scope)] == [case_id]
        assert board.open_by_light["red"] == 0
        number = _case(case_id).tracking_number
    login(client, "supervisor")
    page = client.get(f"/cases/{number}").get_data(as_text=True)
    wsjk_row = page[page.index('data-step="wsjk_review"') :].split("</tr>")[0]
    assert "2026-12-31" in wsjk_row and "已超期" in wsjk_row and "本环节时限 3 个工作日" in wsjk_row
    scjg_row = page[page.index('data-step="scjg_review"') :].split("</tr>")[0]
    assert "2027-01-11" in scjg_row and "正常" in scjg_row and "本环节时限" not in scjg_row


def test_an_excluded_period_stops_the_steps_own_clock_too(demo):
    from app.extensions import db
    from app.services import case_clock

    _at(demo, MON_28_DEC)
    with demo.app_context():
        case_id = submit("joint")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
    _at(demo, datetime(2026, 12, 29, 2, 0))
    with demo.app_context():
        case_clock.declare_excluded_period(_task(case_id, "wsjk_review"), user("wsjk"), "现场勘验", 2)
        db.session.commit()
        assert _task(case_id, "wsjk_review").light == "paused"
    _at(demo, datetime(2026, 12, 30, 2, 0))
    with demo.app_context():
        case_clock.end_excluded_period(_case(case_id), user("wsjk"))
        db.session.commit()
        # 29 and 30 December stood still: 31 December, 1 and 4 January count.
        wsjk = _task(case_id, "wsjk_review")
        assert (wsjk.due_date, wsjk.light) == (date(2027, 1, 4), "green")
        assert _case(case_id).due_date == date(2027, 1, 13)


def test_a_step_that_opens_on_its_last_day_is_announced_at_once(demo):
    """A step with limitDays 0 is due the day it opens: it never "turns" yellow in the sweep, so its
    "about to be late" alert goes out as it opens."""
    from app.extensions import db
    from app.models import ItemVersion, ServiceItem
    from app.services.catalog import ItemContent, publish_item_version

    _at(demo, MON_28_DEC)
    with demo.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.kind == "joint"))
        live = db.session.get(ItemVersion, item.live_version_id)
        bpmn = {
            name: text.replace('name="limitDays" value="3"', 'name="limitDays" value="0"')
            for name, text in live.bpmn_files.items()
        }
        assert bpmn != live.bpmn_files
        content = ItemContent(
            live.process_id, live.form_schema, live.form_ui or {}, live.decision_forms or {}, bpmn, live.guide or {}
        )
        publish_item_version(item, content, actor=user("admin"))
        db.session.commit()
        case_id = submit("joint")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        wsjk = _task(case_id, "wsjk_review")
        assert (wsjk.due_date, wsjk.light) == (date(2026, 12, 28), "yellow")
        assert ("step_due_soon", user("wsjk-admin").display_name) in _sent(case_id)


def test_deciding_the_step_ends_the_excluded_period_it_declared(demo):
    from app.extensions import db
    from app.models import AuditEvent, ClockPause
    from app.services import case_clock

    _at(demo, MON_28_DEC)
    with demo.app_context():
        case_id = submit("joint")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        case_clock.declare_excluded_period(_task(case_id, "wsjk_review"), user("wsjk"), "公示", None)
        db.session.commit()
    _at(demo, datetime(2026, 12, 30, 2, 0))
    with demo.app_context():
        step(case_id, "wsjk_review", "wsjk", {"approved": True, "opinion": "公示期满无异议"})
        pause = db.session.scalar(select(ClockPause).where(ClockPause.application_id == case_id))
        assert pause.ended_on == date(2026, 12, 30)
        case = _case(case_id)
        assert case.light == "green" and case.due_date == date(2027, 1, 13)  # 28–30 December stood still
        assert _task(case_id, "scjg_review").light == "green"
        resumed = db.session.scalar(
            select(AuditEvent.detail).where(AuditEvent.application_id == case_id, AuditEvent.action == "clock.resumed")
        )
        assert resumed == {"kind": "excluded", "task": "wsjk_review", "because": "step_completed"}
