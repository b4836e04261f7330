"""Every page as each role meets it, in Chromium: axe-core (our pinned copy under /static/vendor) finds no serious
or critical violation, no raw code (window, applicant, output, completed, ready, lane codes) is shown as text,
and every public and citizen page fits a 360 px wide phone without horizontal scrolling (measured)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from playwright.sync_api import Page

from tests.e2e.test_joint_case_in_browser import login
from tests.integration.drive import WSJK_REVIEW, step, submit

pytestmark = pytest.mark.e2e

AXE = "/static/vendor/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RAW_CODES = ("window", "applicant", "output", "completed", "ready", "claimed", "scjg", "wsjk", "rsj", "cgj", "zjj")
RAW = re.compile(r"(?<![A-Za-z0-9_./-])(" + "|".join(RAW_CODES) + r")(?![A-Za-z0-9_/-])")
PHONE = {"width": 360, "height": 740}


def axe_problems(page: Page) -> list[str]:
    """Serious and critical axe-core violations of the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE)
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }""",
        AXE_TAGS,
    )
    return [f"{page.url} {line}" for line in found]


def raw_codes(page: Page) -> list[str]:
    """Codes shown to people as words on the page (attributes, scripts and the address bar do not count)."""
    text = page.evaluate("document.body.innerText")
    return [
        f"{page.url}: {m.group(1)!r} in …{text[max(0, m.start() - 30) : m.end() + 30]!r}…" for m in RAW.finditer(text)
    ]  # noqa: E501


def overflow(page: Page) -> list[str]:
    width = page.evaluate("document.documentElement.scrollWidth")
    client = page.evaluate("document.documentElement.clientWidth")
    if width <= client:
        return []
    wide = page.evaluate(
        """(limit) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > limit + 1)
            .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))""",
        client,
    )
    return [f"{page.url}: {width} px wide in {client} px ({', '.join(wide)})"]


def visit(page: Page, base: str, paths: Iterable[str], problems: dict[str, list[str]], *, phone: bool) -> None:
    for path in paths:
        page.goto(base + path)
        problems["axe"] += axe_problems(page)
        problems["codes"] += raw_codes(page)
        if phone:
            page.set_viewport_size(PHONE)
            problems["360px"] += overflow(page)
            page.set_viewport_size({"width": 1280, "height": 900})


def _cases(app) -> dict[str, str]:
    """A case in each place a page shows: waiting at the window, in a department, back after 补正, issued."""
    from app.extensions import db
    from app.models import Application, HumanTask

    with app.app_context():
        waiting = submit("promised")
        deciding = submit("promised")
        step(deciding, "window_review", "window", {"decision": "accept"})
        returned = submit("promised")
        step(returned, "window_review", "window", {"decision": "supplement", "reason": "请更正经营场所地址"})
        issued = submit("promised")
        step(issued, "window_review", "window", {"decision": "accept"})
        step(issued, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(issued, "wsjk_decide", "wsjk", {"approved": True, "opinion": "准予许可"})
        numbers = {
            name: db.session.get(Application, case).tracking_number
            for name, case in (("waiting", waiting), ("deciding", deciding), ("returned", returned), ("issued", issued))
        }
        tasks = {
            t.element_id: t.id
            for t in db.session.query(HumanTask).filter(HumanTask.state.in_(("ready", "claimed"))).all()
        }
        numbers["window_task"] = str(tasks["window_review"])
        numbers["wsjk_task"] = str(tasks["wsjk_review"])
        numbers["output_task"] = str(tasks["output_issue"])
        numbers["item"] = db.session.get(Application, waiting).item_version.item.slug
        return numbers


def test_every_page_as_each_role_is_accessible_shows_no_codes_and_fits_a_phone(live_server, page: Page, demo):
    cases = _cases(demo)
    problems: dict[str, list[str]] = {"axe": [], "codes": [], "360px": []}
    page.set_viewport_size({"width": 1280, "height": 900})
    public = ("/", f"/items/{cases['item']}", "/progress", "/verify", "/login", "/complaints/new", "/no-such-page")
    visit(page, live_server, public, problems, phone=True)

    login(page, live_server, "citizen")
    mine = (
        "/my/applications",
        f"/my/applications/{cases['waiting']}",
        f"/my/applications/{cases['returned']}",
        f"/my/applications/{cases['issued']}",
        f"/items/{cases['item']}/apply",
        f"/applications/{cases['waiting']}/receipt",
        "/my/inbox",
        "/window",  # a citizen at a staff address: the platform's own 403 page
    )
    visit(page, live_server, mine, problems, phone=True)
    page.get_by_role("button", name="退出").click()

    staff = {
        "window": (
            "/window",
            "/output",
            "/window/new/",
            f"/tasks/{cases['window_task']}",
            f"/tasks/{cases['output_task']}",
            f"/cases/{cases['issued']}",
            f"/search?q={cases['deciding']}",
            "/cases/today",
            "/work/done",
        ),
        "wsjk": ("/tasks", f"/tasks/{cases['wsjk_task']}", f"/cases/{cases['deciding']}", "/search?q=锦程商务"),
        "supervisor": ("/supervise", f"/cases/{cases['issued']}", "/cases/today"),
    }
    for username, paths in staff.items():
        login(page, live_server, username)
        visit(page, live_server, paths, problems, phone=False)
        page.get_by_role("button", name="退出").click()
    assert problems == {"axe": [], "codes": [], "360px": []}
