"""A supervisor watches a case turn red when the hall's clock passes its due date, drills down from the chart
to it, and exports the period to Excel (the workbook is opened and read back)."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.test_joint_case_in_browser import login
from tests.integration.drive import WINDOW_ACCEPT, step, submit

pytestmark = pytest.mark.e2e

ACCEPTED = datetime(2026, 12, 28, 2, 0)  # Monday 28 December 2026, 10:00 in the hall: due Monday 4 January
AFTER_DUE = datetime(2027, 1, 5, 1, 0)  # Tuesday 5 January, 09:00
PERIOD = "from=2026-12-01&to=2027-01-31"


def test_a_case_turns_red_and_is_found_from_the_chart_and_in_the_excel_export(
    live_server: str, page: Page, demo, tmp_path
) -> None:
    from app.extensions import db
    from app.models import Application
    from app.services.worker import run_once

    demo.config["CLOCK_NOW"] = lambda: ACCEPTED
    with demo.app_context():
        case_id = submit("promised")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        number = db.session.get(Application, case_id).tracking_number

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "supervisor")
    page.goto(f"{live_server}/supervise?{PERIOD}")
    lights = page.locator("#open-by-light")
    expect(lights.locator("tr", has_text="正常").locator("a")).to_have_text("1")
    expect(lights.locator("tr", has_text="已超期").locator("a")).to_have_text("0")
    expect(page.locator("#figure-received .figure-value")).to_have_text("1")

    # The hall's clock moves past the due date and the worker sweeps.
    demo.config["CLOCK_NOW"] = lambda: AFTER_DUE
    with demo.app_context():
        run_once(now=AFTER_DUE)
    page.reload()
    expect(lights.locator("tr", has_text="已超期").locator("a")).to_have_text("1")
    expect(lights.locator("tr", has_text="正常").locator("a")).to_have_text("0")
    expect(page.locator("#overdue-by-department")).to_contain_text("区卫生健康委员会")
    expect(page.locator("#lights-by-department")).to_contain_text("区卫生健康委员会")
    page.screenshot(path=str(tmp_path / "supervise-1280.png"), full_page=True)

    # The red bar of the lights chart (ECharts draws SVG) opens the red cases.
    red_bar = page.locator('#chart-lights svg path[fill="#c62828"]')
    expect(red_bar).to_have_count(1)
    red_bar.click()
    expect(page).to_have_url(f"{live_server}/supervise/cases/open_red?from=2026-12-01&to=2027-01-31")
    expect(page.get_by_role("heading", name="在办·红灯")).to_be_visible()
    expect(page.locator("#figure-cases")).to_contain_text(number)
    page.get_by_role("link", name=number).click()
    expect(page.locator("main")).to_contain_text("2027-01-04")

    # The period to Excel: the figures and the case, read back with openpyxl.
    page.goto(f"{live_server}/supervise?{PERIOD}")
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == "效能监察_2026-12-01_2027-01-31.xlsx"
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == ["概况", "办件明细"]
    summary = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert summary["收件"] == 1 and summary["受理"] == 1 and summary["在办·红灯"] == 1
    assert summary["区卫生健康委员会·超期环节"] == 1
    rows = list(book["办件明细"].iter_rows(values_only=True))
    assert rows[0][:4] == ("受理编号", "事项", "牵头部门", "状态")
    [case_row] = rows[1:]
    assert case_row[0] == number and case_row[2] == "区卫生健康委员会" and case_row[10] == "红灯"
    assert str(case_row[6]).startswith("2027-01-04")

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server}/supervise?{PERIOD}")
    page.screenshot(path=str(tmp_path / "supervise-360.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the dashboard scrolls sideways at 360 px ({width} px)"
