"""补正 after acceptance in the browser: 卫健委's approver asks for a supplement on the step's page, the clock
stands on every page, the applicant reads the request and answers with the corrected form on their phone, and
the approver sees the step running again with the corrected figure."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_joint_case_in_browser import login, logout
from tests.integration.drive import WINDOW_ACCEPT, ready_task, step, submit

pytestmark = pytest.mark.e2e

ACCEPTED = datetime(2026, 12, 28, 2, 0)  # Monday 28 December 2026: 5 working days, due Monday 4 January
ASKED = datetime(2026, 12, 31, 2, 0)  # Thursday 31 December
ANSWERED = datetime(2027, 1, 4, 2, 0)  # Monday 4 January: the clock stood 31 December – 4 January


def test_a_department_asks_and_the_applicant_answers_while_the_clock_stands(
    live_server: str, page: Page, demo, tmp_path
) -> None:
    from app.extensions import db
    from app.models import Application

    demo.config["CLOCK_NOW"] = lambda: ACCEPTED
    with demo.app_context():
        case_id = submit("promised")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        task_id = ready_task(case_id, "wsjk_review")
        number = db.session.get(Application, case_id).tracking_number

    demo.config["CLOCK_NOW"] = lambda: ASKED
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "wsjk")
    page.goto(f"{live_server}/tasks/{task_id}")
    page.get_by_text("要求申请人补正（暂停计时）").click()
    page.get_by_label("需补正的材料或内容（一次性告知）").fill("请补交从业人员健康证明（缺4人），并更正持证人数")
    page.get_by_role("button", name="告知申请人并暂停计时").click()
    expect(page.locator("#clock-paused")).to_have_text("已暂停：等待申请人补正，自 12月31日")
    expect(page.locator("#supplement-requested")).to_contain_text("缺4人")
    page.screenshot(path=str(tmp_path / "task-asked-1280.png"), full_page=True)
    logout(page)

    demo.config["CLOCK_NOW"] = lambda: ANSWERED
    page.set_viewport_size({"width": 360, "height": 800})
    login(page, live_server, "citizen")
    page.goto(f"{live_server}/my/applications/{number}")
    request = page.locator("#step-supplement")
    expect(request).to_contain_text("审批部门要求补正")
    expect(request).to_contain_text("请补交从业人员健康证明（缺4人）")
    expect(page.locator("#clock-paused")).to_contain_text("已暂停：等待申请人补正，自 12月31日")
    page.screenshot(path=str(tmp_path / "applicant-asked-360.png"), full_page=True)
    request.get_by_label("持有效健康合格证明人数").fill("42")
    request.get_by_role("button", name="提交补正").click()
    expect(page.get_by_text("补正材料已提交，审批部门将继续办理")).to_be_visible()
    expect(page.locator("#step-supplement")).to_have_count(0)
    expect(page.locator("#clock-paused")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("2027-01-07")  # the promised date moved by the days it stood
    page.screenshot(path=str(tmp_path / "applicant-answered-360.png"), full_page=True)
    logout(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "wsjk")
    page.goto(f"{live_server}/cases/{number}")
    row = page.locator('tr[data-step="wsjk_review"]')
    expect(row).to_contain_text("2027-01-07")
    expect(row).to_contain_text("正常")
    expect(page.locator("main")).to_contain_text("申请人提交补正（恢复计时）")
    page.screenshot(path=str(tmp_path / "case-1280.png"), full_page=True)
    page.goto(f"{live_server}/tasks/{task_id}")
    expect(page.locator("main")).to_contain_text("42")
    expect(page.locator("#clock-paused")).to_have_count(0)
