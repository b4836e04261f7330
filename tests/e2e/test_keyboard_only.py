"""Every form is usable with the keyboard alone (#22, GB/T 37668 / WCAG 2.1.1): a citizen signs in, fills and
submits an application, and the window signs in and accepts a case, with Tab, Shift+Tab, Space, Enter, the arrow
keys and typing only: no clicks. Each control reached shows where the focus is (WCAG 2.4.7)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.factories import demo_item
from tests.integration.drive import submit

pytestmark = pytest.mark.e2e

# Whether the focused element matches a CSS selector, has a text, and sits in a table row with a text.
FOCUSED_MATCHES = """([css, text, row]) => {
  const e = document.activeElement;
  return !!e && e.matches(css) && (!text || e.textContent.includes(text))
    && (!row || (!!e.closest('tr') && e.closest('tr').textContent.includes(row)));
}"""
# The focus indicator of the element that has the focus: an outline or a ring, never nothing.
FOCUS_SHOWN = """() => {
  const s = getComputedStyle(document.activeElement);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
}"""


def tab_to(page: Page, selector: str, *, text: str = "", row: str = "", limit: int = 120) -> None:
    """Press Tab until the focus is on ``selector`` (with ``text``, in the table row with ``row``), and check the
    focus can be seen there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_MATCHES, [selector, text, row]):
            assert page.evaluate(FOCUS_SHOWN), f"focus on {selector} is not visible"
            return
    raise AssertionError(f"Tab never reached {selector}")


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    tab_to(page, 'input[name="username"]')
    page.keyboard.type(username)
    tab_to(page, 'input[name="password"]')
    page.keyboard.type("demo1234")
    page.keyboard.press("Enter")  # a form submits from its last text field
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def sign_out(page: Page) -> None:
    tab_to(page, 'form[action$="/logout"] button')
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="退出")).to_have_count(0)


def choose_radio(page: Page, name: str, value: str) -> None:
    """Into a radio group with Tab, tick the first with Space, then move to the wanted one with the arrows."""
    tab_to(page, f'input[type="radio"][name="{name}"]')
    values = page.eval_on_selector_all(f'input[type="radio"][name="{name}"]', "es => es.map(e => e.value)")
    current = page.evaluate("() => document.activeElement.value")
    page.keyboard.press("Space")
    steps = values.index(value) - values.index(current)
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    expect(page.locator(f'input[type="radio"][name="{name}"][value="{value}"]')).to_be_checked()


def choose_option(page: Page, name: str, value: str) -> None:
    tab_to(page, f'select[name="{name}"]')
    values = page.eval_on_selector_all(f'select[name="{name}"] option', "es => es.map(e => e.value)")
    current = page.eval_on_selector(f'select[name="{name}"]', "e => e.value")
    key = "ArrowDown" if values.index(value) >= values.index(current) else "ArrowUp"
    for _ in range(abs(values.index(value) - values.index(current))):
        page.keyboard.press(key)
    expect(page.locator(f'select[name="{name}"]')).to_have_value(value)


def fill_by_keyboard(page: Page, fields) -> None:
    """Each encoded field of a generated form, in the order the form shows them, from the keyboard."""
    for name, value in fields.items(multi=True):
        control = page.locator(f'[name="{name}"]').first
        kind = (control.get_attribute("type") or "").lower()
        tag = control.evaluate("e => e.tagName").lower()
        if kind in ("hidden", "file"):
            continue
        if kind == "radio":
            choose_radio(page, name, value)
        elif kind == "checkbox":
            tab_to(page, f'input[type="checkbox"][name="{name}"][value="{value}"]')
            page.keyboard.press("Space")
        elif tag == "select":
            choose_option(page, name, value)
        elif kind == "date":  # typed segment by segment, in the order the browser's language shows them
            tab_to(page, f'[name="{name}"]')
            year, month, day = value.split("-")
            language = page.evaluate("() => navigator.language")
            if language.startswith(("zh", "ja", "ko")):
                segments = (year, month, day)
            else:
                segments = (month, day, year) if language == "en-US" else (day, month, year)
            page.keyboard.type("".join(segments))
            expect(control).to_have_value(value)
        else:
            tab_to(page, f'[name="{name}"]')
            page.keyboard.press("Control+A")
            page.keyboard.type(value)
            expect(control).to_have_value(value)


def test_a_citizen_applies_and_the_window_accepts_with_the_keyboard_alone(live_server: str, page: Page, demo):
    from app.extensions import db
    from app.models import Application, ServiceItem
    from app.services.step_forms import application_form

    base = live_server
    slug, sample = demo_item("immediate")  # text, radio, select, textarea, yes/no and date fields
    with demo.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        fields = application_form(item.live_version).encode(sample)

    sign_in(page, base, "citizen")
    page.goto(f"{base}/items/{slug}/apply")
    mobile = "applicant.mobile"
    fill_by_keyboard(page, fields | {mobile: "1380013"})  # one mistake, put right from the error summary
    tab_to(page, 'button[type="submit"]:not([form])')
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_be_focused()  # the keyboard starts where the problems are
    assert page.evaluate(FOCUS_SHOWN), "the focused error summary shows no focus"
    tab_to(page, ".govuk-error-summary a", limit=3)
    page.keyboard.press("Enter")
    expect(page.locator(f'[name="{mobile}"]')).to_be_focused()  # the link takes the focus to the field
    page.keyboard.press("Control+A")
    page.keyboard.type(fields[mobile])
    tab_to(page, 'button[type="submit"]:not([form])')
    page.keyboard.press("Enter")
    expect(page.locator("#check-answers")).to_contain_text(sample["applicant"]["name"])
    tab_to(page, "button", text="确认提交")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    sign_out(page)

    # The window accepts a case from its queue: the link, the decision and the button, all from the keyboard.
    with demo.app_context():
        case = submit("promised")
        number = db.session.get(Application, case).tracking_number
    sign_in(page, base, "window")
    page.goto(f"{base}/window")
    tab_to(page, "a", text="办理", row=number)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="综合窗口受理")).to_be_visible()
    choose_radio(page, "decision", "accept")
    tab_to(page, 'button[type="submit"][value="complete"]')
    page.keyboard.press("Enter")
    expect(page.get_by_text("已办理")).to_be_visible()
    with demo.app_context():
        db.session.expire_all()
        assert db.session.get(Application, case).status == "in_approval"
        assert db.session.scalar(select(Application).where(Application.id != case)).status == "submitted"
