"""At the window: enter a walk-in's application in Chromium, then accept it straight from the queue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.domain.tracking_numbers import is_valid
from tests.e2e.test_joint_case_in_browser import fill_fields, login
from tests.factories import demo_item

pytestmark = pytest.mark.e2e


def test_walk_in_entered_and_accepted_at_the_window(live_server: str, page: Page, demo) -> None:
    from app.extensions import db
    from app.models import ServiceItem
    from app.services.step_forms import application_form

    slug, sample = demo_item("promised")
    with demo.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        name, fields = item.name, application_form(item.live_version).encode(sample)

    login(page, live_server, "window")
    page.get_by_role("link", name="窗口代录").click()
    page.locator("tr", has_text=name).get_by_role("link", name="录入").click()
    page.get_by_label("申请人姓名").fill("王小明")
    page.locator('[name="walk_in.id_number"]').fill("11010519491231002X")
    page.get_by_label("手机号码").fill("13800138000")
    fill_fields(page, fields)
    page.get_by_role("button", name="录入并生成受理编号").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    number = page.locator("#tracking-number").inner_text().strip()
    assert is_valid(number) and re.fullmatch(r"YC\d{8}[0-9A-HJKMNP-TV-Z]{9}", number)

    page.get_by_role("link", name="综合受理").click()
    page.locator("tr", has_text=number).get_by_role("link", name="办理").click()
    page.get_by_label("受理", exact=True).check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text(re.compile(f"已办理：.*{number}"))).to_be_visible()
    expect(page.locator("tr", has_text=number)).to_have_count(0)  # gone from the window queue


def test_supervisor_sees_the_accepted_case_in_the_lights(live_server: str, page: Page, demo) -> None:
    from tests.factories import new_token

    slug, sample = demo_item("joint")
    client = demo.test_client()
    citizen = client.post("/api/v1/token", json={"username": "citizen", "password": "demo1234"}).get_json()["token"]
    window = client.post("/api/v1/token", json={"username": "window", "password": "demo1234"}).get_json()["token"]
    body = {"data": sample, "submission_token": new_token()}
    number = client.post(
        f"/api/v1/items/{slug}/applications", json=body, headers={"Authorization": f"Bearer {citizen}"}
    ).get_json()["tracking_number"]
    [task] = client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {window}"}).get_json()["tasks"]
    client.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"data": {"decision": "accept"}},
        headers={"Authorization": f"Bearer {window}"},
    )

    login(page, live_server, "supervisor")
    page.get_by_role("link", name="效能监察").click()
    expect(page.locator("#lights-by-department tr", has_text="区市场监督管理局")).to_contain_text("1")
    page.get_by_role("link", name=number).click()
    expect(page.locator("#timeline li")).to_have_count(2)  # submitted, accepted at the window
