"""403 and 404 as a person sees them in Chromium: our own page, in Chinese, fitting a phone."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_joint_case_in_browser import login

pytestmark = pytest.mark.e2e


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def test_404_and_403_pages_in_the_browser(live_server: str, page: Page, demo) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    response = page.goto(f"{live_server}/applications/YC000000000000000/nowhere")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="找不到这个页面")).to_be_visible()
    _fits(page)
    if shots := os.environ.get("YC_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/404-360.png", full_page=True)
    page.get_by_role("link", name="返回首页（办事指南）").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    login(page, live_server, "citizen")
    response = page.goto(f"{live_server}/window")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="没有权限")).to_be_visible()
    expect(page.get_by_text("供大厅工作人员使用")).to_be_visible()
    _fits(page)
    if shots:
        page.screenshot(path=f"{shots}/403-360.png", full_page=True)
    page.locator(".http-error-ways").get_by_role("link", name="我的办件").click()
    expect(page).to_have_url(f"{live_server}/my/applications")
