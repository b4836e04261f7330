"""容缺受理 in Chromium: the window accepts with a deferrable material missing (and is refused deferring one the
guide does not mark deferrable), the citizen sees what is owed and uploads it later, the window confirms receipt;
an overdue deferral is marked in the window's queue and counted in supervision. Looked at 1280 and 360 px wide
(SCREENSHOT_DIR keeps the shots), with axe-core on each page."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_hall_crawl_in_browser import PHONE, axe_problems, overflow, raw_codes
from tests.e2e.test_joint_case_in_browser import login, logout
from tests.integration.deferral_drive import DEFERRABLE, NOT_DEFERRABLE, in_days, submit_deferring_case
from tests.integration.drive import ready_task, user
from tests.web.test_uploads import PDF

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("SCREENSHOT_DIR")
DESK = {"width": 1280, "height": 900}


def _look(page: Page, tmp_path: Path, name: str, *, phone_fits: bool = True) -> list[str]:
    """Shots at 1280 and 360 px; the page's axe-core and raw-code findings, and at 360 px its overflow."""
    found = axe_problems(page) + raw_codes(page)
    page.screenshot(path=str(Path(SHOTS or tmp_path) / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(Path(SHOTS or tmp_path) / f"{name}-360.png"), full_page=True)
    if phone_fits:
        found += overflow(page)
    page.set_viewport_size(DESK)
    return found


def _number(app, case: int) -> str:
    from app.extensions import db
    from app.models import Application

    with app.app_context():
        return db.session.get(Application, case).tracking_number


def test_accept_with_a_deferred_material_upload_it_later_and_confirm(live_server: str, page: Page, demo, tmp_path):
    base = live_server
    page.set_viewport_size(DESK)
    with demo.app_context():
        case = submit_deferring_case()
        task_id = ready_task(case, "window_review")
    number = _number(demo, case)
    found: list[str] = []

    login(page, base, "window")
    page.goto(f"{base}/tasks/{task_id}")
    choice = page.locator("#deferral")
    expect(choice).to_contain_text("容缺受理（可选）")
    expect(choice.locator("li", has_text=DEFERRABLE)).to_contain_text("可容缺")
    page.get_by_label("受理", exact=True).check()
    page.get_by_label(NOT_DEFERRABLE).check()
    page.get_by_label("承诺补齐日期").fill(in_days(5))
    found += _look(page, tmp_path, "deferral-choice")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#deferral")).to_contain_text(f"“{NOT_DEFERRABLE}”不是容缺材料")  # refused, named
    page.get_by_label(NOT_DEFERRABLE).uncheck()
    page.get_by_label(DEFERRABLE).check()
    page.get_by_label("受理", exact=True).check()
    page.get_by_role("button", name="提交").click()
    expect(page).to_have_url(re.compile(r"/window$"))
    expect(page.locator("#owed-materials")).to_contain_text(number)
    expect(page.locator("#owed-materials")).to_contain_text("待补交")
    logout(page)

    login(page, base, "citizen")
    page.goto(f"{base}/my/applications/{number}")
    owed = page.locator("#deferred")
    expect(owed).to_contain_text("请补交以下材料")
    expect(owed).to_contain_text(DEFERRABLE)
    expect(owed).to_contain_text(f"请于 {in_days(5)} 前补交")
    found += _look(page, tmp_path, "deferral-citizen")
    plan = tmp_path / "health-certificates.pdf"
    plan.write_bytes(PDF)
    page.get_by_label("上传材料").set_input_files(str(plan))
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator("#deferred")).to_contain_text("已上传，待窗口确认")
    expect(page.locator("#deferred")).to_contain_text("health-certificates.pdf")
    logout(page)

    login(page, base, "window")
    page.goto(f"{base}/cases/{number}")
    expect(page.locator("#deferred")).to_contain_text("health-certificates.pdf")
    found += _look(page, tmp_path, "deferral-staff-case")
    page.locator("#deferred").get_by_role("button", name="确认收到").click()
    expect(page.locator("#deferred")).to_contain_text("已收到")
    expect(page.locator("#timeline")).to_contain_text("窗口确认收到容缺材料")
    logout(page)

    login(page, base, "citizen")
    page.goto(f"{base}/my/applications/{number}")
    expect(page.locator("#deferred")).to_contain_text("容缺材料已全部补齐")
    assert not found, "\n".join(found)


def test_an_overdue_deferral_in_the_window_queue_and_in_supervision(live_server: str, page: Page, demo, tmp_path):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import DeferredMaterial
    from app.services import one_window
    from app.services.now import today

    base = live_server
    page.set_viewport_size(DESK)
    with demo.app_context():
        case = submit_deferring_case()
        one_window.accept(
            ready_task(case, "window_review"),
            user("window"),
            deferred_materials=[DEFERRABLE],
            deferred_until=in_days(1),
        )
        row = db.session.scalar(select(DeferredMaterial).where(DeferredMaterial.application_id == case))
        row.promised_by = today() - timedelta(days=3)  # promised three days ago, still not here
        db.session.commit()
    number = _number(demo, case)
    found: list[str] = []

    login(page, base, "window")
    page.goto(f"{base}/window")
    overdue_row = page.locator("#owed-materials tr.owed-overdue", has_text=number)
    expect(overdue_row).to_contain_text("已逾期")
    expect(overdue_row).to_contain_text(DEFERRABLE)
    found += _look(page, tmp_path, "deferral-window-queue", phone_fits=False)  # staff queues: measured elsewhere
    logout(page)

    login(page, base, "supervisor")
    page.goto(f"{base}/supervise")
    expect(page.locator("#owed-overdue-count")).to_contain_text("容缺材料逾期未补齐的办件：1 件")
    expect(page.locator("#owed-overdue")).to_contain_text(number)
    found += _look(page, tmp_path, "deferral-supervise", phone_fits=False)
    logout(page)

    login(page, base, "supervisor-hubin")  # a street centre's supervisor: not their case
    page.goto(f"{base}/supervise")
    expect(page.locator("#owed-overdue-count")).to_contain_text("0 件")
    expect(page.locator("#owed-overdue")).not_to_contain_text(number)
    assert not found, "\n".join(found)
