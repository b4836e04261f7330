"""The open-case tally follows every case through the services and matches a full recount of the cases; the
supervision counts read from it agree with the lights of the cases themselves."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta

from sqlalchemy import delete, insert, select, update

from tests.factories import demo_item
from tests.integration.drive import (
    IMMEDIATE_APPROVE,
    ISSUE,
    WINDOW_ACCEPT,
    WINDOW_DECLINE,
    WINDOW_SUPPLEMENT,
    WSJK_DECIDE,
    WSJK_REVIEW,
    counted_tally,
    department_id,
    grant_chief_representative,
    step,
    stored_tally,
    submit,
)


def due_date_of(application_id: int):
    from app.extensions import db
    from app.models import Application

    return db.session.scalar(select(Application.due_date).where(Application.id == application_id))


def test_a_case_counts_from_submission_until_it_is_issued(demo):
    from app.models import UNACCEPTED_DUE_DATE

    with demo.app_context():
        wsjk = department_id("wsjk")
        case = submit("promised")
        assert stored_tally() == counted_tally() == {(wsjk, UNACCEPTED_DUE_DATE): 1}

        step(case, "window_review", "window", WINDOW_ACCEPT)
        due = due_date_of(case)
        assert due is not None
        assert stored_tally() == counted_tally() == {(wsjk, due): 1}

        step(case, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case, "wsjk_decide", "wsjk", WSJK_DECIDE)
        assert stored_tally() == counted_tally() == {(wsjk, due): 1}  # awaiting issue is still open

        step(case, "output_issue", "window", ISSUE)
        assert stored_tally() == counted_tally() == {}


def test_declined_and_supplemented_cases_move_in_the_tally(demo):
    from app.models import UNACCEPTED_DUE_DATE

    with demo.app_context():
        wsjk = department_id("wsjk")
        declined, supplemented, waiting = submit("promised"), submit("promised"), submit("promised")
        assert stored_tally() == counted_tally() == {(wsjk, UNACCEPTED_DUE_DATE): 3}

        step(declined, "window_review", "window", WINDOW_DECLINE)
        step(supplemented, "window_review", "window", WINDOW_SUPPLEMENT)
        assert stored_tally() == counted_tally() == {(wsjk, UNACCEPTED_DUE_DATE): 2}

        _, sample = demo_item("promised")
        step(supplemented, "applicant_supplement", "citizen", sample)
        step(supplemented, "window_review", "window", WINDOW_ACCEPT)
        due = due_date_of(supplemented)
        assert stored_tally() == counted_tally() == {(wsjk, UNACCEPTED_DUE_DATE): 1, (wsjk, due): 1}
        assert due_date_of(waiting) is None


def test_cases_of_several_departments_match_a_recount(demo):
    with demo.app_context():
        joint, promised, referred, immediate = (
            submit("joint"),
            submit("promised"),
            submit("referred"),
            submit("immediate"),
        )
        for case in (joint, promised, referred):
            step(case, "window_review", "window", WINDOW_ACCEPT)
        grant_chief_representative("window")  # 即办件: decided at the window by the department's chief representative
        step(immediate, "window_review", "window", IMMEDIATE_APPROVE)
        tally = stored_tally()
        assert tally == counted_tally()
        assert sum(tally.values()) + _finished_count() == 4
        assert {department for department, _ in tally} <= {department_id(c) for c in ("scjg", "wsjk", "zjj", "rsj")}


def _finished_count() -> int:
    from app.extensions import db
    from app.models import Application

    return len(db.session.scalars(select(Application.id).where(Application.finished_at.is_not(None))).all())


def test_supervision_counts_from_the_tally_agree_with_the_lights_of_the_cases(demo):
    """Due dates set straight in the table (yesterday, today, a month on) and brought into the tally by a
    recount: the counts per department must be what light_for says of each open case."""
    from app.domain.calendar_cn import make_is_workday
    from app.domain.working_days import light_for
    from app.extensions import db
    from app.models import Application
    from app.services.case_tally import recount
    from app.services.supervision import lights_by_department

    today = date.today()
    with demo.app_context():
        promised = [submit("promised") for _ in range(4)]
        joint = [submit("joint") for _ in range(2)]
        for case in promised[:3] + joint[:1]:
            step(case, "window_review", "window", WINDOW_ACCEPT)
        set_due = {promised[0]: today - timedelta(days=1), promised[1]: today, joint[0]: today}
        for case, due in set_due.items():
            db.session.execute(update(Application).where(Application.id == case).values(due_date=due))
        recount(db.session.connection())
        db.session.commit()

        is_workday = make_is_workday()
        expected: dict[str, dict[str, int]] = {}
        for application in db.session.scalars(select(Application).where(Application.finished_at.is_(None))):
            name = application.item_version.item.department.name
            light = light_for(application.due_date, today, is_workday).value
            expected.setdefault(name, {"green": 0, "yellow": 0, "red": 0})[light] += 1
        shown = {
            d.department: {"green": d.green, "yellow": d.yellow, "red": d.red} for d in lights_by_department(today)
        }
        assert shown == expected
        assert [sum(v[light] for v in shown.values()) for light in ("green", "yellow", "red")] == [3, 2, 1]


def test_recount_command_repairs_a_corrupted_tally(demo):
    from app.extensions import db
    from app.models import UNACCEPTED_DUE_DATE, OpenCaseTally

    with demo.app_context():
        wsjk, cgj = department_id("wsjk"), department_id("cgj")
        accepted, waiting = submit("promised"), submit("promised")
        step(accepted, "window_review", "window", WINDOW_ACCEPT)
        due = due_date_of(accepted)
        truth = {(wsjk, UNACCEPTED_DUE_DATE): 1, (wsjk, due): 1}
        assert stored_tally() == truth and waiting

        tally = OpenCaseTally.__table__
        db.session.execute(update(tally).where(tally.c.due_date == due).values(open_cases=7))
        db.session.execute(delete(tally).where(tally.c.due_date == UNACCEPTED_DUE_DATE))
        db.session.execute(insert(tally).values(department_id=cgj, due_date=due + timedelta(days=1), open_cases=3))
        db.session.commit()
        assert stored_tally() != truth

    runner = demo.test_cli_runner()
    result = runner.invoke(args=["supervision", "recount"])
    assert result.exit_code == 0, result.output
    assert f"wsjk {due.isoformat()}: 7 -> 1" in result.output
    assert "wsjk not accepted: 0 -> 1" in result.output
    assert f"cgj {(due + timedelta(days=1)).isoformat()}: 3 -> 0" in result.output
    assert "3 tally row(s) repaired" in result.output
    with demo.app_context():
        assert stored_tally() == counted_tally() == truth

    again = runner.invoke(args=["supervision", "recount"])
    assert again.exit_code == 0 and "tally matched the cases" in again.output


def test_open_cases_follow_their_item_to_another_lead_department(demo, tmp_path):
    """A catalogue reload that gives an item another lead department moves its open cases with it."""
    from app.cli import DEMO_CATALOG
    from app.extensions import db
    from app.models import UNACCEPTED_DUE_DATE
    from app.services.catalog import load_catalog

    slug, _ = demo_item("promised")
    catalog = tmp_path / "catalog"
    shutil.copytree(DEMO_CATALOG, catalog)
    meta_file = catalog / slug / "item.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta["department"] = "cgj"
    meta_file.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    with demo.app_context():
        wsjk, cgj = department_id("wsjk"), department_id("cgj")
        accepted, waiting = submit("promised"), submit("promised")
        step(accepted, "window_review", "window", WINDOW_ACCEPT)
        due = due_date_of(accepted)
        assert waiting and stored_tally() == {(wsjk, UNACCEPTED_DUE_DATE): 1, (wsjk, due): 1}

        load_catalog(catalog)
        db.session.commit()
        assert stored_tally() == counted_tally() == {(cgj, UNACCEPTED_DUE_DATE): 1, (cgj, due): 1}


def test_open_cases_follow_an_item_moved_in_the_admin(demo, client, login):
    from app.extensions import db
    from app.models import UNACCEPTED_DUE_DATE, ServiceItem
    from tests.factories import csrf_token

    slug, _ = demo_item("promised")
    with demo.app_context():
        wsjk, cgj = department_id("wsjk"), department_id("cgj")
        submit("promised")
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        fields = {
            "code": item.code,
            "slug": item.slug,
            "name": item.name,
            "kind": item.kind,
            "statutory_days": item.statutory_days,
            "promised_days": item.promised_days,
        }
        url = f"/admin/serviceitem/edit/?id={item.id}"
        assert stored_tally() == {(wsjk, UNACCEPTED_DUE_DATE): 1}

    login(client, "admin")
    response = client.post(url, data=fields | {"department": str(cgj), "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302, response.get_data(as_text=True)
    with demo.app_context():
        assert db.session.scalar(select(ServiceItem.department_id).where(ServiceItem.slug == slug)) == cgj
        assert stored_tally() == counted_tally() == {(cgj, UNACCEPTED_DUE_DATE): 1}
