"""A bundle (一件事) in Chromium, from composing it to the citizen's per-item results.

A department admin composes a new bundle from three published items, sees a conflict refused (two different
"areas" under one name), recomposes, sees the merged form's shared and per-item sections, and publishes. The
citizen applies once and uploads the shared material once; the window accepts once; each department's approver
sees only the shared section and their own item's; the signboard is refused, the others approved; the output window
issues everything together and the citizen sees each item's result. Screenshots at 1280 and 360 px.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.e2e.test_joint_case_in_browser import fill_fields, logout
from tests.factories import DEMO

pytestmark = pytest.mark.e2e

FOOD, HYGIENE, SIGN, ADVERT = (
    "食品经营许可（餐饮服务）",
    "公共场所卫生许可证核发",
    "店铺门头招牌设置审批",
    "户外广告设施设置审批",
)
SAMPLE = json.loads((DEMO / "bundles" / "kaiban-canyindian" / "sample.json").read_text())
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def _shots(page: Page, folder, name: str) -> None:
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _compose(page: Page, members: list[str]) -> None:
    form = page.locator("#compose")
    for box in form.locator("input[name=member]").all():
        box.uncheck()
    for name in members:
        form.get_by_label(re.compile(re.escape(name))).check()
    form.get_by_role("button", name="保存并预览").click()


def test_a_bundle_from_composing_to_per_item_results(live_server: str, page: Page, demo, tmp_path) -> None:
    from app.extensions import db
    from app.models import HumanTask
    from app.services.step_forms import application_form, decision_form

    base = live_server
    shots = Path(os.environ.get("YC_SCREENSHOTS") or tmp_path)  # set it to keep the screenshots and look at them
    # The department admin composes a bundle: a conflict is refused with the field named, then a sound one.
    login(page, base, "scjg-admin")
    page.goto(f"{base}/admin/bundles/new")
    page.get_by_label("名称").fill("开办小吃店")
    page.get_by_label("编码").fill("YJS-E2E-XCD")
    page.get_by_label("网址名（slug）").fill("kaiban-xiaochidian")
    page.get_by_role("button", name="创建").click()
    _compose(page, [FOOD, HYGIENE, ADVERT])
    expect(page.locator("#conflicts")).to_contain_text("广告设施面积")
    expect(page.locator("#conflicts")).to_contain_text("area")
    expect(page.locator("#publish")).to_have_count(0)
    _compose(page, [FOOD, HYGIENE, SIGN])
    sections = page.locator("#sections li")
    expect(sections).to_have_count(4)  # the shared section, then one per item
    expect(sections.first).to_contain_text("共同信息")
    expect(sections.first).to_contain_text("floor_plan")
    expect(page.locator("#orchestration")).to_contain_text("各部门并联审批")
    _shots(page, shots, "admin-preview")
    page.locator("#publish").click()
    expect(page.get_by_text("已发布“开办小吃店”第 1 版")).to_be_visible()
    logout(page)

    # The citizen applies once, uploading the shared material once.
    login(page, base, "citizen")
    page.goto(f"{base}/items/kaiban-xiaochidian")
    expect(page.locator("#bundle-members")).to_contain_text(SIGN)
    page.get_by_role("link", name="在线申请").first.click()
    expect(page.locator("input[type=file][name=floor_plan]")).to_have_count(1)
    with demo.app_context():
        from app.models import ServiceItem

        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == "kaiban-xiaochidian"))
        fields = application_form(item.live_version).encode(SAMPLE)
    fill_fields(page, fields)
    page.locator("input[type=file][name=floor_plan]").set_input_files(
        {"name": "卫生设施平面图.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    _shots(page, shots, "apply")
    page.get_by_role("button", name="提交申请").click()
    page.get_by_role("button", name="确认提交").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    number = page.locator("#tracking-number").inner_text().strip()
    logout(page)

    def work(username: str, queue: str, decision: dict, *, hidden: tuple[str, ...] = (), seen: tuple[str, ...] = ()):
        login(page, base, username)
        page.goto(base + queue)
        page.locator("tr", has_text=number).first.get_by_role("link", name="办理").click()
        text = page.content()
        for value in hidden:
            assert value not in text, (username, value)
        for value in seen:
            assert value in text, (username, value)
        task_id = int(page.url.rsplit("/", 1)[1])
        with demo.app_context():
            encoded = decision_form(db.session.get(HumanTask, task_id)).encode(decision)
        fill_fields(page, encoded)
        page.get_by_role("button", name="提交").click()
        expect(page.get_by_text("已办理")).to_be_visible()
        logout(page)

    everything = (SAMPLE["sign_text"], SAMPLE["food_safety_officer"], "卫生设施平面图.pdf")
    work("window", "/window", {"decision": "accept"}, seen=everything)
    approve = {"approved": True, "opinion": "符合条件，同意"}
    work(
        "scjg",
        "/tasks",
        {**approve, "inspection_result": "pass"},
        hidden=(SAMPLE["sign_text"],),
        seen=(SAMPLE["food_safety_officer"], "卫生设施平面图.pdf"),
    )
    work(
        "wsjk",
        "/tasks",
        approve,
        hidden=(SAMPLE["sign_text"], SAMPLE["food_safety_officer"]),
        seen=("卫生设施平面图.pdf",),
    )
    work("wsjk", "/tasks", approve)
    work(
        "cgj",
        "/tasks",
        {"approved": False, "opinion": "招牌尺寸超出导则"},
        hidden=(SAMPLE["food_safety_officer"],),
        seen=(SAMPLE["sign_text"],),
    )

    # The output window issues everything together, seeing per item what is issued or refused.
    login(page, base, "window")
    page.goto(f"{base}/output")
    page.locator("tr", has_text=number).first.get_by_role("link", name="办理").click()
    progress = page.locator("#item-progress")
    expect(progress.locator("tr[data-status=refused]")).to_contain_text(SIGN)
    expect(progress.locator("tr[data-status=approved]")).to_have_count(2)
    page.get_by_label("窗口领取").check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("已办理")).to_be_visible()
    logout(page)

    # The citizen sees each item's result under the one tracking number.
    login(page, base, "citizen")
    page.goto(f"{base}/my/applications/{number}")
    progress = page.locator("#item-progress")
    expect(progress.locator("tr[data-status=issued]")).to_have_count(2)
    expect(progress.locator("tr[data-status=refused]")).to_contain_text(SIGN)
    _shots(page, shots, "citizen-case")
