"""A joint item walked through in Chromium by a citizen, the window, two departments and the output window."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.domain.tracking_numbers import is_valid
from tests.factories import demo_item

pytestmark = pytest.mark.e2e


def fill_fields(page: Page, fields) -> None:
    """Type each encoded field into the page the way a person would: fill, pick, tick."""
    for name, value in fields.items(multi=True):
        target = page.locator(f'[name="{name}"]')
        kind = (target.first.get_attribute("type") or "").lower()
        tag = target.first.evaluate("e => e.tagName").lower()
        if kind == "radio":
            page.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind == "checkbox":
            page.locator(f'[name="{name}"][value="{value}"]').first.check()
        elif kind == "file":
            continue  # materials are uploaded by tests of their own
        elif value == "" and not target.first.is_visible():
            continue  # an empty field shown only on another answer (邮寄送达's address when collected)
        elif tag == "select":
            target.first.select_option(value)
        elif kind != "hidden":
            target.first.fill(value)


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def logout(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def test_joint_case_from_application_to_issue(live_server: str, page: Page, demo, tmp_path) -> None:
    from app.extensions import db
    from app.models import Application, HumanTask, ServiceItem
    from app.services.step_forms import application_form, decision_form

    base = live_server
    slug, sample = demo_item("joint")
    with demo.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        item_name = item.name
        application_fields = application_form(item.live_version).encode(sample)

    # The citizen finds the item, applies, and gets a tracking number.
    login(page, base, "citizen")
    page.goto(base + "/")
    page.get_by_role("link", name=item_name).click()
    expect(page.get_by_text("申请材料")).to_be_visible()
    # The guide shows the approval path read-only: both departments' review steps are drawn.
    for step in ("scjg_review", "wsjk_review"):
        expect(page.locator(f'g.djs-element[data-element-id="{step}"]')).to_have_count(1)
    page.get_by_role("link", name="在线申请").first.click()
    fill_fields(page, application_fields)
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#check-answers")).to_contain_text(sample["business"]["name"])
    page.get_by_role("button", name="确认提交").dblclick()  # an impatient double click makes one case
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    number = page.locator("#tracking-number").inner_text().strip()
    assert is_valid(number) and re.fullmatch(r"YC\d{8}[0-9A-HJKMNP-TV-Z]{9}", number)
    with demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 1
    logout(page)

    def work_task(username: str, queue: str, decision: dict, finished_department: str | None = None) -> None:
        login(page, base, username)
        page.goto(base + queue)
        row = page.locator("tr", has_text=number)
        row.get_by_role("link", name="办理").click()
        task_id = int(page.url.rsplit("/", 1)[1])
        if finished_department:  # 各部门进度: the other department's step in words, none of its opinion
            done = page.locator("#department-progress li", has_text=finished_department)
            expect(done).to_contain_text("已办结")
            expect(page.locator("#department-progress")).not_to_contain_text("同意")
        with demo.app_context():
            fields = decision_form(db.session.get(HumanTask, task_id)).encode(decision)
        fill_fields(page, fields)
        page.get_by_role("button", name="提交").click()
        expect(page.get_by_text("已办理")).to_be_visible()
        logout(page)

    work_task("window", "/window", {"decision": "accept"})
    work_task("scjg", "/tasks", {"approved": True, "opinion": "经营场所布局合理，同意", "inspection_result": "pass"})
    work_task("wsjk", "/tasks", {"approved": True, "opinion": "卫生设施符合要求"}, "区市场监督管理局")
    work_task("window", "/output", {"delivery": "window", "note": "申请人本人领取"})

    # The citizen sees the result and every step.
    login(page, base, "citizen")
    page.goto(base + "/my/applications")
    page.get_by_role("link", name=number).click()
    expect(page.locator("#case-status")).to_have_text("已出件")
    timeline = page.locator("#timeline")
    for label, actor in [
        ("提交申请", "张三（申请人）"),
        ("窗口受理", "李窗口（综合窗口）"),
        ("市场监管局审查", "王审批（市场监管局）"),
        ("卫健委审查", "赵审批（卫生健康委）"),
        ("出件", "李窗口（综合窗口）"),
    ]:
        expect(timeline.locator("li", has_text=label).filter(has_text=actor).first).to_be_visible()
    # ...and the same progress as a diagram: both departments' review steps drawn as done.
    page.get_by_role("link", name="查看流程图").click()
    for step in ("scjg_review", "wsjk_review", "output_issue"):
        expect(page.locator(f'g.djs-element.yc-done[data-element-id="{step}"]')).to_have_count(1)
    logout(page)

    # The supervisor reads the same audit trail on the case view.
    login(page, base, "supervisor")
    page.goto(f"{base}/cases/{number}")
    expect(page.locator("#timeline li")).to_have_count(5)
    page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
