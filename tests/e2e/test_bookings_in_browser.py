"""Appointments and centres in Chromium: a citizen books a slot on a phone-sized screen from the guide, the street
centre's window checks them in; a community station receives a walk-in and the district window accepts it."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.e2e.test_joint_case_in_browser import fill_fields, login, logout
from tests.factories import demo_item

pytestmark = pytest.mark.e2e

MONDAY_0900 = datetime(2026, 9, 28, 1, 0)  # UTC: 09:00 in the hall
PENSION = "11440199007495173F4442120003"
SHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page: Page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(Path(SHOTS or tmp_path) / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} scrolls sideways at 360 px ({width} px)"


def test_a_booking_made_on_a_phone_and_checked_in_at_the_window(live_server: str, page: Page, demo, tmp_path) -> None:
    from app.extensions import db
    from app.models import ServiceItem
    from app.services.work_calendar import seed_from_package

    with demo.app_context():
        seed_from_package()
        db.session.commit()
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == PENSION))
        slug, name = item.slug, item.name
    demo.config["CLOCK_NOW"] = lambda: MONDAY_0900

    page.set_viewport_size({"width": 360, "height": 800})
    login(page, live_server, "citizen")
    page.goto(f"{live_server}/items/{slug}")
    expect(page.locator("#where-accepted")).to_contain_text("全区通办")
    page.get_by_role("link", name="预约到窗口办理").click()
    expect(page.get_by_role("heading", name="预约办理")).to_be_visible()
    page.get_by_role("link", name="湖滨街道便民服务中心").click()
    expect(page.get_by_role("link", name=re.compile("2026-10-01"))).to_have_count(0)  # National Day
    page.get_by_role("link", name=re.compile("2026-09-28")).click()
    page.get_by_label(re.compile("10:00–10:30")).check()
    page.get_by_label("预约人姓名").fill("张三")
    page.get_by_label("手机号码（接收预约提醒）").fill("13800138000")
    _no_sideways_scroll(page)
    _shot(page, tmp_path, "booking-360")
    page.get_by_role("button", name="确认预约").click()
    expect(page.get_by_role("heading", name="预约成功")).to_be_visible()
    number = page.locator(".booking-number").inner_text().strip()
    assert re.fullmatch(r"YY\d{13}", number)
    _no_sideways_scroll(page)
    _shot(page, tmp_path, "booking-done-360")
    logout(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "window-hubin")
    page.get_by_role("link", name="预约签到").click()
    row = page.locator("tr", has_text=number)
    expect(row).to_contain_text(name)
    expect(row).to_contain_text("已预约")
    _shot(page, tmp_path, "window-bookings-1280")
    row.get_by_role("button", name="签到").click()
    expect(page.get_by_text(f"张三（{number}）已签到")).to_be_visible()
    expect(page.locator("tr", has_text=number)).to_contain_text("已签到")
    expect(page.locator("#count-checked-in")).to_have_text("1")
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    _no_sideways_scroll(page)
    _shot(page, tmp_path, "window-bookings-360")


def test_a_community_station_receives_and_the_district_window_accepts(live_server: str, page: Page, demo) -> None:
    from app.models import ServiceItem
    from app.services.step_forms import application_form

    slug, sample = demo_item("promised")
    from app.extensions import db

    with demo.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        name, fields = item.name, application_form(item.live_version).encode(sample)

    login(page, live_server, "window-liuan")
    page.get_by_role("link", name="窗口代录").click()
    expect(page.get_by_text("代收代办：收件后转交上级中心正式受理")).to_be_visible()
    page.locator("tr", has_text=name).get_by_role("link", name="录入").click()
    expect(page.locator("#forwarding")).to_contain_text("明湖区政务服务中心")
    page.get_by_label("申请人姓名").fill("王小明")
    page.locator('[name="walk_in.id_number"]').fill("11010519491231002X")
    page.get_by_label("手机号码").fill("13800138000")
    fill_fields(page, fields)
    page.get_by_role("button", name="录入并生成受理编号").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    number = page.locator("#tracking-number").inner_text().strip()
    expect(page.get_by_text("柳岸社区便民服务站（代收代办，转交受理）")).to_be_visible()
    logout(page)

    login(page, live_server, "window")
    page.get_by_role("link", name="综合受理").click()
    page.locator("tr", has_text=number).get_by_role("link", name="办理").click()
    page.get_by_label("受理", exact=True).check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text(re.compile(f"已办理：.*{number}"))).to_be_visible()
    page.goto(f"{live_server}/cases/{number}")
    expect(page.locator("#case-centre")).to_have_text("明湖区政务服务中心")
    expect(page.locator("#case-received-at")).to_contain_text("柳岸社区便民服务站")
    expect(page.get_by_text("柳岸社区便民服务站代收，转交明湖区政务服务中心受理")).to_be_visible()
