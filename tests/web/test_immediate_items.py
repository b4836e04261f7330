"""即办件: an immediate item is decided at the window by a clerk holding the chief-representative right (首席代表)
of the item's department, with no department step, and the result is issued at once; any other clerk sees the
step read-only and is refused. Publishing refuses an immediate item whose path has a department step. Runs on
SQLite and, with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from tests.factories import DEMO, DEMO_ITEM_BY_KIND, csrf_token
from tests.integration.drive import grant_chief_representative, ready_task, submit

RESULT = "已办理城乡居民基本养老保险参保登记，个人编号 4401990001"
REASON = "申请人已参加职工基本养老保险，不能重复参保"


def _case(app, case_id: int):  # type: ignore[no-untyped-def]
    from app.extensions import db
    from app.models import Application, CaseDocument, HumanTask

    db.session.expire_all()
    application = db.session.get(Application, case_id)
    kinds = set(db.session.scalars(select(CaseDocument.kind).where(CaseDocument.application_id == case_id)))
    steps = db.session.scalars(select(HumanTask).where(HumanTask.application_id == case_id)).all()
    return application, kinds, steps


def _logout(client) -> None:  # type: ignore[no-untyped-def]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


def test_a_clerk_without_the_right_sees_the_step_read_only_and_is_refused(demo, client, login):
    with demo.app_context():
        case = submit("immediate")
        task = ready_task(case, "window_review")
    url = f"/tasks/{task}"
    login(client, "window")
    page = client.get(url)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "区人力资源和社会保障局的首席代表" in text
    assert 'name="decision"' not in text and "认领" not in text  # no form to fill, nothing to claim
    refused = client.post(url, data={"csrf_token": csrf_token(client, url), "decision": "approve", "result": RESULT})
    assert refused.status_code == 403 and "首席代表" in refused.get_data(as_text=True)
    claim = client.post(url, data={"csrf_token": csrf_token(client, url), "action": "claim"})
    assert claim.status_code == 403
    with demo.app_context():
        application, kinds, _ = _case(demo, case)
        assert application.status == "submitted" and application.accepted_at is None and not kinds

    # A chief representative of another department has no say on 人社局's item either.
    with demo.app_context():
        grant_chief_representative("window", department="scjg")
    login(client, "window")  # a new right ends the clerk's sessions
    refused = client.post(url, data={"csrf_token": csrf_token(client, url), "decision": "approve", "result": RESULT})
    assert refused.status_code == 403


def test_the_chief_representative_approves_and_the_result_is_issued_at_once(demo, client, login):
    from app.services.now import local_date

    with demo.app_context():
        case = submit("immediate")
        task = ready_task(case, "window_review")
    url = f"/tasks/{task}"
    login(client, "window-rsj")
    page = client.get(url).get_data(as_text=True)
    assert "当场办结，准予" in page and "当场办结，不予许可" in page and "首席代表在窗口当场决定" in page
    assert 'value="accept"' not in page  # no acceptance that leaves the decision to nobody
    missing = client.post(url, data={"csrf_token": csrf_token(client, url), "decision": "approve"})
    assert missing.status_code == 422 and "准予时请填写办理结果" in missing.get_data(as_text=True)

    done = client.post(url, data={"csrf_token": csrf_token(client, url), "decision": "approve", "result": RESULT})
    assert done.status_code == 302 and "/cases/" in done.headers["Location"]
    with demo.app_context():
        application, kinds, steps = _case(demo, case)
        assert application.status == "issued" and application.outcome == "approved"
        assert application.finished_at is not None
        # Same-day: an immediate item (0 promised days) is due the day it is accepted, and was done in time.
        assert application.due_date == local_date(application.accepted_at)
        assert {"receipt", "decision_approved", "certificate"} <= kinds
        assert [(s.element_id, s.state) for s in steps] == [
            ("window_review", "completed"),
            ("output_issue", "completed"),
        ]
        assert all(s.completed_by.username == "window-rsj" for s in steps)  # no department step, no output desk
        from app.extensions import db
        from app.models import CaseDocument

        decision = db.session.scalar(
            select(CaseDocument).where(CaseDocument.application_id == case, CaseDocument.kind == "decision_approved")
        )
        assert RESULT in decision.context["opinion"]
    case_page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "即办件已当场办结" in case_page and "即办件当场办结：准予" in case_page  # the flash and the timeline


def test_the_chief_representative_refuses_with_a_reason(demo, client, login):
    with demo.app_context():
        case = submit("immediate")
        task = ready_task(case, "window_review")
    url = f"/tasks/{task}"
    login(client, "window-rsj")
    missing = client.post(url, data={"csrf_token": csrf_token(client, url), "decision": "refuse"})
    assert missing.status_code == 422 and "不予许可时请填写理由" in missing.get_data(as_text=True)
    done = client.post(url, data={"csrf_token": csrf_token(client, url), "decision": "refuse", "reason": REASON})
    assert done.status_code == 302
    with demo.app_context():
        application, kinds, _ = _case(demo, case)
        assert application.status == "rejected" and "decision_rejected" in kinds and "certificate" not in kinds
    assert "即办件当场办结：不予许可" in client.get(done.headers["Location"]).get_data(as_text=True)


def test_a_supplement_request_is_still_possible_and_keeps_the_case_at_the_window(demo, client, login):
    with demo.app_context():
        case = submit("immediate")
        task = ready_task(case, "window_review")
    url = f"/tasks/{task}"
    login(client, "window-rsj")
    response = client.post(
        url, data={"csrf_token": csrf_token(client, url), "decision": "supplement", "reason": "请补交户口簿"}
    )
    assert response.status_code == 302
    with demo.app_context():
        application, kinds, _ = _case(demo, case)
        assert application.status == "supplement" and "supplement_notice" in kinds


def test_publishing_refuses_an_immediate_item_with_a_department_step(demo):
    from app.extensions import db
    from app.models import ServiceItem
    from app.services.catalog import publish_item_version, read_item_folder
    from app.services.errors import PublishRefused

    with demo.app_context():
        _, content = read_item_folder(DEMO / DEMO_ITEM_BY_KIND["promised"])  # wsjk_review → wsjk_decide
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == DEMO_ITEM_BY_KIND["promised"]))
        item.kind = "immediate"
        with pytest.raises(PublishRefused) as refused:
            publish_item_version(item, content, actor=None)
        assert any("即办件" in p and "wsjk_review" in p for p in refused.value.details)
        db.session.rollback()


def test_the_immediate_shape_is_runnable_without_a_department_lane():
    from workflows.check import check_bpmn_files

    bpmn = DEMO / DEMO_ITEM_BY_KIND["immediate"] / "approval.bpmn"
    assert "<bpmn:lane " not in bpmn.read_text(encoding="utf-8")
    said: list[str] = []
    assert check_bpmn_files([str(bpmn)], said.append) == 0, said


def _user_form(page: str) -> dict[str, str]:
    """The admin's user form as the browser would post it back: text inputs, chosen options, ticked boxes."""
    fields: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        typed = re.search(r'type="([^"]+)"', tag)
        kind = typed.group(1) if typed else "text"
        if not name or kind in ("submit", "button"):
            continue
        if kind == "checkbox":
            if "checked" in tag:
                fields[name.group(1)] = "y"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', body)
        fields[name] = (chosen.group(1) or chosen.group(2)) if chosen else "__None"
    return fields


def test_the_platform_admin_grants_the_right_to_a_clerk_of_a_department(demo, client, login):
    from app.extensions import db
    from app.models import Department, User

    with demo.app_context():
        clerk = db.session.scalar(select(User).where(User.username == "window"))
        rsj = db.session.scalar(select(Department.id).where(Department.code == "rsj"))
        clerk_id = clerk.id
    login(client, "admin")
    assert "首席代表" in client.get("/admin/user/").get_data(as_text=True)  # the roles column names it
    url = f"/admin/user/edit/?id={clerk_id}"
    form = _user_form(client.get(url).get_data(as_text=True))
    assert "chief_representative" not in form  # not ticked: the clerk does not hold it
    without_department = client.post(url, data=form | {"chief_representative": "y", "department": "__None"})
    assert "首席代表须有所属部门" in without_department.get_data(as_text=True)
    granted = client.post(url, data=form | {"chief_representative": "y", "department": str(rsj)})
    assert granted.status_code == 302
    with demo.app_context():
        assert "chief_representative" in db.session.get(User, clerk_id).roles

    with demo.app_context():
        case = submit("immediate")
        task = ready_task(case, "window_review")
    login(client, "window")
    page = client.get(f"/tasks/{task}").get_data(as_text=True)
    assert "当场办结，准予" in page and "首席代表在窗口当场决定" in page
