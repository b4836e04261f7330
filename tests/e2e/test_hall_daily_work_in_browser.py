"""The hall's daily work in Chromium: the window finds a case; an approver opens a PDF material; the output window
issues an approved case by post and serves a refused one; the citizen answers a supplement request."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_joint_case_in_browser import login, logout
from tests.integration.drive import WSJK_DECIDE, WSJK_REVIEW, step, submit
from tests.web.test_uploads import PDF

pytestmark = pytest.mark.e2e


def _number(app, case: int) -> str:
    from app.extensions import db
    from app.models import Application

    with app.app_context():
        return db.session.get(Application, case).tracking_number


def _decided(app, approved: bool) -> int:
    with app.app_context():
        case = submit("promised")
        step(case, "window_review", "window", {"decision": "accept"})
        refusal = {"approved": False, "opinion": "卫生设施不符合要求"}
        step(case, "wsjk_review", "wsjk", WSJK_REVIEW if approved else refusal)
        step(case, "wsjk_decide", "wsjk", WSJK_DECIDE if approved else {"approved": False, "opinion": "不予许可"})
        return case


def test_the_window_finds_a_case_by_name_and_by_id_number(live_server: str, page: Page, demo) -> None:
    from app.extensions import db
    from app.models import Application

    with demo.app_context():
        case = submit("promised")
        data = db.session.get(Application, case).data
    number = _number(demo, case)
    login(page, live_server, "window")
    page.goto(f"{live_server}/output")  # any staff page has the box
    page.get_by_role("searchbox", name="查找办件").fill(data["business"]["name"][3:7])
    page.get_by_role("button", name="查找", exact=True).first.click()
    expect(page.locator("#search-results")).to_contain_text(number)
    page.get_by_label("受理编号、姓名或单位名称、身份证号、手机号、统一社会信用代码").fill(
        data["applicant"]["id_number"]
    )
    page.locator("#case-search").get_by_role("button", name="查找").click()
    expect(page.locator("#search-results a", has_text=number)).to_have_count(1)
    page.locator("#search-results a", has_text=number).click()
    expect(page).to_have_url(re.compile(f"/cases/{number}$"))


def test_an_approver_opens_a_pdf_material(live_server: str, page: Page, demo, tmp_path) -> None:
    from tests.web.test_uploads import post_application

    client = demo.test_client()
    from tests.factories import csrf_token

    token = csrf_token(client, "/login")
    client.post("/login", data={"username": "citizen", "password": "demo1234", "csrf_token": token})
    status, _ = post_application(demo, client, {"floor_plan": (io.BytesIO(PDF), "平面图.pdf")})
    assert status == 302
    from app.extensions import db
    from app.models import Application

    with demo.app_context():
        case = db.session.query(Application).one().id
        step(case, "window_review", "window", {"decision": "accept"})
    login(page, live_server, "wsjk")
    page.goto(f"{live_server}/cases/{_number(demo, case)}")
    link = page.locator("#materials").get_by_role("link", name="平面图.pdf")
    expect(link).to_have_attribute("target", "_blank")
    with page.context.expect_event("response", predicate=lambda r: "?view=1" in r.url) as opened:
        link.click()  # opens in a new tab
    response = opened.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")  # shown, not saved
    fetched = page.request.get(live_server + link.get_attribute("href"))  # the same session's cookies
    assert fetched.ok and fetched.body() == PDF


def test_the_output_window_mails_an_approved_result_and_the_citizen_sees_the_waybill(
    live_server: str, page: Page, demo
) -> None:
    case = _decided(demo, approved=True)
    number = _number(demo, case)
    login(page, live_server, "window")
    page.goto(f"{live_server}/output")
    page.locator("tr", has_text=number).get_by_role("link", name="办理").click()
    verdict = page.locator("#output-verdict")
    expect(verdict).to_contain_text("审批结果：准予许可")
    expect(verdict).to_contain_text(WSJK_REVIEW["opinion"])
    expect(page.locator("#certificate-number")).to_contain_text("ZZ")
    page.get_by_label("邮寄送达").check()
    address = page.get_by_label("邮寄地址")
    expect(address).to_have_value(re.compile("滨江东路168号"))  # from the application
    page.get_by_label("顺丰速运").check()
    page.get_by_label("运单号").fill("SF1234567890")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text(re.compile(f"已办理：.*{number}"))).to_be_visible()
    logout(page)
    login(page, live_server, "citizen")
    page.goto(f"{live_server}/my/applications/{number}")
    expect(page.locator("#delivery")).to_contain_text("顺丰速运")
    expect(page.locator("#waybill")).to_have_text("SF1234567890")
    expect(page.locator("#case-status")).to_have_text("已出件")


def test_the_output_window_serves_a_refusal_without_a_certificate(live_server: str, page: Page, demo) -> None:
    case = _decided(demo, approved=False)
    number = _number(demo, case)
    login(page, live_server, "window")
    page.goto(f"{live_server}/output")
    page.locator("tr", has_text=number).get_by_role("link", name="办理").click()
    expect(page.locator("#output-verdict")).to_contain_text("审批结果：不予许可")
    expect(page.locator("#department-decisions")).to_contain_text("卫生设施不符合要求")
    expect(page.locator("#certificate-number")).to_have_count(0)
    expect(page.locator("#refusal-particulars")).to_be_visible()
    page.get_by_label("窗口领取").check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text(re.compile(f"已办理：.*{number}"))).to_be_visible()
    page.goto(f"{live_server}/cases/{number}")
    expect(page.locator(".badge")).to_have_text("不予许可")


def test_the_citizen_answers_a_supplement_with_the_request_on_top(live_server: str, page: Page, demo) -> None:
    with demo.app_context():
        case = submit("promised")
        step(case, "window_review", "window", {"decision": "supplement", "reason": "请更正经营场所地址"})
    number = _number(demo, case)
    login(page, live_server, "citizen")
    page.goto(f"{live_server}/my/applications/{number}")
    request = page.locator("#supplement-request")
    expect(request).to_contain_text("请更正经营场所地址")
    box = request.bounding_box()
    field = page.locator('[data-field="business.address"]')
    assert box and field.bounding_box() and box["y"] < field.bounding_box()["y"]  # the request is above the form
    expect(field).to_have_attribute("data-asked", "true")
    page.locator('[name="business.address"]').fill("明湖区新港路88号")
    page.get_by_role("button", name="提交补正").click()
    expect(page.locator("#case-status")).to_have_text("待受理")
    logout(page)
    login(page, live_server, "window")
    page.goto(f"{live_server}/window")
    row = page.locator("tr", has_text=number)
    expect(row).to_contain_text("补正后重新提交")
    row.get_by_role("link", name="办理").click()
    changes = page.locator("#resubmission-changes")
    expect(changes).to_contain_text("经营场所地址")
    expect(changes.locator("ins")).to_contain_text("明湖区新港路88号")
