"""An admin enters 2027 from the State Council's notice as ranges, is told which line is wrong, confirms it, and
the banner on the supervisor's page goes away."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_joint_case_in_browser import login, logout

pytestmark = pytest.mark.e2e

NOTICE_2027 = """休 1月1日-1月3日 元旦
休 2月6日-2月12日 春节
班 2月20日 春节调休
放 4月5日 清明节"""


def test_an_admin_pastes_and_confirms_a_year(live_server: str, page: Page, demo, tmp_path) -> None:
    from app.extensions import db
    from app.services.work_calendar import seed_from_package

    demo.config["CLOCK_NOW"] = lambda: datetime(2026, 12, 2, 2, 0)
    with demo.app_context():
        seed_from_package()  # what `make run` (demo seed) and the migration do: 2004–2026 confirmed
        db.session.commit()
    login(page, live_server, "supervisor")
    page.goto(f"{live_server}/supervise")
    expect(page.locator(".calendar-banner")).to_contain_text("工作日历提示：2027 年的节假日安排尚未确认")
    logout(page)

    login(page, live_server, "admin")
    page.goto(f"{live_server}/admin/calendar/")
    expect(page.locator(".calendar-banner")).to_contain_text("2027")
    page.locator("tr", has_text="2027").get_by_role("link", name="录入").click()
    expect(page).to_have_url(f"{live_server}/admin/calendar/2027")
    page.get_by_label("节假日与调休").fill(NOTICE_2027)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#ranges-error")).to_contain_text("第 4 行「放 4月5日 清明节」")
    expect(page.get_by_label("节假日与调休")).to_have_value(NOTICE_2027)  # nothing typed is lost
    page.get_by_label("节假日与调休").fill(NOTICE_2027.replace("放 4月5日", "休 4月5日"))
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-warning", has_text="尚未确认").first).to_be_visible()
    expect(page.locator("table")).to_contain_text("2027-02-20（周六）")
    page.screenshot(path=str(tmp_path / "calendar-1280.png"), full_page=True)
    page.get_by_role("button", name="确认本年安排").click()
    expect(page.locator(".alert-success")).to_contain_text("已确认")
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(tmp_path / "calendar-360.png"), full_page=True)
    if os.environ.get("KEEP_SCREENSHOTS"):
        import shutil

        for name in ("calendar-1280.png", "calendar-360.png"):
            shutil.copy(tmp_path / name, f"{os.environ['KEEP_SCREENSHOTS']}/{name}")
    page.goto(f"{live_server}/")
    logout(page)

    login(page, live_server, "supervisor")
    page.goto(f"{live_server}/supervise")
    expect(page.locator(".calendar-banner")).to_have_count(0)
