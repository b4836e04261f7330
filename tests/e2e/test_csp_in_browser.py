"""Point 14 of issue 18 in Chromium: under our Content-Security-Policy nothing on the pages people use is blocked
(the browser reports every refused script, handler or javascript: link on the console)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.factories import demo_item, new_token

pytestmark = pytest.mark.e2e


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def _watch(page: Page) -> list[str]:
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # Chromium: "Refused to execute inline script / event handler / a JavaScript URL because it violates the
        # following Content Security Policy directive"; missing favicons and the 404 we ask for are not ours to see.
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            seen.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.append(f"{page.url}: {error}"))
    return seen


def _submitted_case(client, api_token) -> str:
    slug, sample = demo_item("joint")
    response = client.post(
        f"/api/v1/items/{slug}/applications",
        json={"data": sample, "submission_token": new_token()},
        headers=api_token(client, "citizen"),
    )
    return response.get_json()["tracking_number"]


def test_staff_citizen_and_public_pages_run_nothing_the_policy_blocks(live_server, page: Page, demo, client, api_token):
    number = _submitted_case(client, api_token)
    problems = _watch(page)
    slug, _ = demo_item("joint")
    page.goto(f"{live_server}/")
    page.goto(f"{live_server}/items/{slug}")
    page.goto(f"{live_server}/items/no-such-item")
    page.get_by_text("返回上一页").click()  # the error page's back link (was javascript:history.back())
    expect(page).to_have_url(re.compile(rf"/items/{slug}$"))
    login(page, live_server, "citizen")
    page.goto(f"{live_server}/items/{slug}/apply")
    page.goto(f"{live_server}/my/applications/{number}")
    page.goto(f"{live_server}/my/applications/{number}/diagram")
    expect(page.locator(".djs-container").first).to_be_visible()  # bpmn.io drew it
    page.get_by_role("button", name="退出").click()
    login(page, live_server, "window")
    for path in ("/window", "/window/new/", f"/cases/{number}", f"/cases/{number}/diagram"):
        page.goto(live_server + path)
    expect(page.locator(".djs-container").first).to_be_visible()
    assert problems == []


def test_flask_admin_pages_and_their_buttons_run_nothing_the_policy_blocks(live_server, page: Page, demo):
    problems = _watch(page)
    login(page, live_server, "admin")
    for path in ("/admin/", "/admin/department/", "/admin/serviceitem/", "/admin/auditevent/", "/admin/authoring/"):
        page.goto(live_server + path)
    page.goto(f"{live_server}/admin/user/")
    page.get_by_role("link", name=re.compile("List|列表")).first.click()  # the current tab: a link that goes nowhere
    expect(page).to_have_url(re.compile(r"/admin/user/#?$"))
    # The delete button asks first (was an inline onclick); dismissing keeps the row.
    rows = page.locator("table.model-list tbody tr")
    before = rows.count()
    page.once("dialog", lambda dialog: dialog.dismiss())
    rows.first.locator("button[data-yc-confirm]").click()
    expect(rows).to_have_count(before)
    # A bulk action with nothing selected is refused by Flask-Admin's own script, which now runs from a file.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("a.dropdown-toggle", has_text=re.compile("With selected|选中")).click()
    page.locator("[data-yc-action]").first.click()
    expect(rows).to_have_count(before)
    item_link = page.goto(f"{live_server}/admin/authoring/")
    assert item_link is not None
    first_item = page.locator("a[href*='/admin/authoring/']").nth(1)
    first_item.click()
    assert problems == []
