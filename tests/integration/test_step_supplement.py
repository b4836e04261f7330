"""补正 after acceptance stops the clock: a department asks the applicant for a correction while it works on its
step, the case and its steps stand (shown as paused to everyone), the applicant answers with the corrected form
on their page, and the clock resumes where it stopped with the days it had left.

The demo promised item (公共场所卫生许可, 卫健委) has 5 working days; 2027 is not confirmed, so Monday–Friday."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from app.domain.clock import Pause, due_date
from app.domain.work_calendar import WEEKDAYS
from tests.factories import csrf_token, demo_item
from tests.integration.drive import WINDOW_ACCEPT, ready_task, step, submit, user

MON_28_DEC = datetime(2026, 12, 28, 2, 0)
THU_31_DEC = datetime(2026, 12, 31, 2, 0)
MON_4_JAN = datetime(2027, 1, 4, 2, 0)


def _at(app, moment: datetime) -> None:
    app.config["CLOCK_NOW"] = lambda: moment


def _case(case_id: int):
    from app.extensions import db
    from app.models import Application

    db.session.expire_all()
    return db.session.get(Application, case_id)


def _encoded(app, case_id: int, data: dict) -> dict:
    from app.services.step_forms import application_form

    with app.app_context():
        return dict(application_form(_case(case_id).item_version).encode(data).items(multi=True))


def test_a_department_asks_for_a_supplement_and_the_clock_stands_until_the_applicant_answers(demo, client, login):
    from app.extensions import db
    from app.models import AuditEvent, HumanTask, Notification
    from app.services.step_supplement import awaited_supplement
    from app.services.worker import run_once

    _at(demo, MON_28_DEC)
    with demo.app_context():
        case_id = submit("promised")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        assert _case(case_id).due_date == date(2027, 1, 4)
        task_id = ready_task(case_id, "wsjk_review")
        number = _case(case_id).tracking_number

    _at(demo, THU_31_DEC)  # 29 and 30 December counted: 3 working days left
    login(client, "wsjk")
    token = csrf_token(client, f"/tasks/{task_id}")
    empty = client.post(f"/tasks/{task_id}/supplement", data={"csrf_token": token, "what": "  "})
    assert empty.status_code == 302
    assert "请写明需补正的材料或内容" in client.get(f"/tasks/{task_id}").get_data(as_text=True)
    asked = client.post(
        f"/tasks/{task_id}/supplement", data={"csrf_token": token, "what": "请补交从业人员健康证明（缺4人）"}
    )
    assert asked.status_code == 302
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "已暂停：等待申请人补正，自 12月31日" in page
    with demo.app_context():
        case = _case(case_id)
        assert case.light == "paused" and case.status == "in_approval"
        assert db.session.get(HumanTask, task_id).light == "paused"
        told = db.session.scalars(
            select(Notification.body).where(
                Notification.application_id == case_id, Notification.event == "supplement_requested"
            )
        ).all()
        assert told and all("请补交从业人员健康证明（缺4人）" in body for body in told)
        run_once(now=datetime(2027, 1, 4, 1, 0))  # the old due date passes while it stands: never red
        assert _case(case_id).light == "paused"
        assert db.session.get(HumanTask, task_id).light == "paused"

    _at(demo, MON_4_JAN)
    login(client, "citizen")
    mine = client.get(f"/my/applications/{number}").get_data(as_text=True)
    assert "审批部门要求补正" in mine and "请补交从业人员健康证明（缺4人）" in mine
    assert "已暂停：等待申请人补正，自 12月31日" in mine
    _, sample = demo_item("promised")
    corrected = sample | {"health_cert_count": sample["staff_count"]}
    answer = client.post(
        f"/my/applications/{number}",
        data=_encoded(demo, case_id, corrected) | {"csrf_token": csrf_token(client, f"/my/applications/{number}")},
    )
    assert answer.status_code == 302
    mine = client.get(f"/my/applications/{number}").get_data(as_text=True)
    assert "已暂停" not in mine and "审批部门要求补正" in mine and "申请人提交补正（恢复计时）" in mine

    with demo.app_context():
        case = _case(case_id)
        # Stood from 31 December to 4 January (both included); then 5, 6 and 7 January.
        expected = due_date(date(2026, 12, 28), 5, WEEKDAYS, [Pause(date(2026, 12, 31), date(2027, 1, 4))])
        assert expected == date(2027, 1, 7)
        assert (case.due_date, case.light) == (expected, "green")
        assert case.data["health_cert_count"] == sample["staff_count"]
        task = db.session.get(HumanTask, task_id)
        assert (task.state, task.due_date, task.light) == ("ready", expected, "green")
        assert awaited_supplement(case_id) is None
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.application_id == case_id).order_by(AuditEvent.id)
        ).all()
        asked_at, answered_at = actions.index("step_supplement.requested"), actions.index("step_supplement.answered")
        assert asked_at < answered_at and actions[-1] == "step_supplement.answered", actions
        answered = db.session.scalar(
            select(AuditEvent.detail).where(
                AuditEvent.application_id == case_id, AuditEvent.action == "step_supplement.answered"
            )
        )
        assert answered["changed"] == ["health_cert_count"]
        heads = db.session.scalars(
            select(Notification.recipient).where(
                Notification.application_id == case_id, Notification.event == "supplement_answered"
            )
        ).all()
        assert user("wsjk-admin").display_name in heads

    # The department goes on with the corrected application: the engine reads the new form.
    login(client, "wsjk")
    assert "已暂停" not in client.get(f"/tasks/{task_id}").get_data(as_text=True)
    with demo.app_context():
        step(case_id, "wsjk_review", "wsjk", {"approved": True, "opinion": "材料齐全"})
        from app.services import case_state

        workflow = case_state.restore(_case(case_id))
        assert workflow.data["form"]["health_cert_count"] == sample["staff_count"]


def test_only_the_steps_department_may_ask_and_only_while_it_is_in_approval(demo):
    from app.services.errors import InvalidData, NotAllowed
    from app.services.step_supplement import answer_supplement, request_supplement

    _at(demo, MON_28_DEC)
    with demo.app_context():
        waiting = submit("promised")
        window_task = ready_task(waiting, "window_review")
        try:
            request_supplement(window_task, user("wsjk"), "缺材料")
        except NotAllowed:
            pass
        else:
            raise AssertionError("the window's step is not a department's")
        case_id = submit("promised")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        task_id = ready_task(case_id, "wsjk_review")
        for who in ("scjg", "window"):
            try:
                request_supplement(task_id, user(who), "缺材料")
            except NotAllowed:
                pass
            else:
                raise AssertionError(f"{who} is not of 卫健委")
        request_supplement(task_id, user("wsjk"), "缺材料")
        try:
            request_supplement(task_id, user("wsjk"), "又缺材料")
        except InvalidData as exc:
            assert exc.details == {"what": ["计时已暂停"]}
        else:
            raise AssertionError("a second request while the clock stands")
        try:
            answer_supplement(case_id, user("scjg"), {})
        except NotAllowed:
            pass
        else:
            raise AssertionError("only the applicant answers")
