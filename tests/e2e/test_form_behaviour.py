"""The generated form in a real browser: dependent fields show and hide, rows are added without losing
answers, and with scripts off every field is shown and the server enforces the same rule."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_joint_case_in_browser import login

pytestmark = pytest.mark.e2e

ADVERT = "11440199007495763G4442111007"  # 户外广告设施设置审批: lighting hours only when illuminated


def test_dependent_field_follows_the_answer(live_server: str, page: Page) -> None:
    login(page, live_server, "citizen")
    page.goto(f"{live_server}/items/{ADVERT}/apply")
    lighting = page.locator('[data-field="lighting_hours"]')
    expect(lighting).to_be_hidden()
    page.get_by_label("是", exact=True).check()
    expect(lighting).to_be_visible()
    page.get_by_label("否", exact=True).check()
    expect(lighting).to_be_hidden()


def test_adding_a_row_keeps_what_was_typed(live_server: str, page: Page) -> None:
    login(page, live_server, "citizen")
    page.goto(f"{live_server}/items/{ADVERT}/apply")
    page.locator('[name="location"]').fill("明湖区政通路88号东侧外墙")
    page.locator('[name="faces.0.width"]').fill("6")
    page.get_by_role("button", name="添加画面").click()
    expect(page.locator('[name="faces.1.width"]')).to_be_visible()
    expect(page.locator('[name="faces.0.width"]')).to_have_value("6")
    expect(page.locator('[name="location"]')).to_have_value("明湖区政通路88号东侧外墙")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)  # adding a row is not a failed submit


def test_without_scripts_the_server_enforces_the_dependent_field(live_server: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        login(page, live_server, "citizen")
        page.goto(f"{live_server}/items/{ADVERT}/apply")
        lighting = page.locator('[data-field="lighting_hours"]')
        expect(lighting).to_be_visible()  # nothing hides it without scripts
        page.get_by_label("是", exact=True).check()
        page.get_by_role("button", name="提交申请").click()
        expect(lighting.locator(".govuk-error-message")).to_contain_text("夜间照明时段")
        expect(page.locator(".govuk-error-summary")).to_contain_text("夜间照明时段")
    finally:
        context.close()
