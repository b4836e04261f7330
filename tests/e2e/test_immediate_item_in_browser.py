"""即办件 in Chromium: the chief representative of 人社局 decides an immediate item at the window and the result is
issued at once; a clerk without the right sees the step but has nothing to submit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_joint_case_in_browser import login, logout
from tests.integration.drive import submit

pytestmark = pytest.mark.e2e

RESULT = "已办理参保登记，个人编号 4401990001"


def open_window_task(page: Page, base: str, number: str) -> None:
    page.goto(base + "/window")
    page.locator("tr", has_text=number).get_by_role("link", name="办理").click()


def test_an_immediate_item_is_decided_at_the_window_by_the_chief_representative(live_server: str, page: Page, demo):
    from app.extensions import db
    from app.models import Application

    base = live_server
    with demo.app_context():
        case = submit("immediate")
        number = db.session.get(Application, case).tracking_number

    # A clerk without the right sees the case and why, and no form.
    login(page, base, "window")
    open_window_task(page, base, number)
    expect(page.locator("#immediate-refusal")).to_contain_text("区人力资源和社会保障局的首席代表")
    expect(page.get_by_role("button", name="提交")).to_have_count(0)
    expect(page.get_by_role("button", name="认领")).to_have_count(0)
    logout(page)

    # The chief representative decides on the spot; the result is issued at once.
    login(page, base, "window-rsj")
    open_window_task(page, base, number)
    expect(page.locator("#immediate-note")).to_be_visible()
    page.get_by_label("当场办结，准予").check()
    page.get_by_label("办理结果").fill(RESULT)
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("即办件已当场办结")).to_be_visible()
    expect(page.locator("body")).to_contain_text("已出件")
    expect(page.locator("body")).to_contain_text("即办件当场办结：准予")
    with demo.app_context():
        db.session.expire_all()
        application = db.session.get(Application, case)
        assert application.status == "issued" and application.finished_at is not None
    page.goto(base + "/output")
    expect(page.locator("tr", has_text=number)).to_have_count(0)  # nothing left for the output window
