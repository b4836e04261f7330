"""A department admin builds an item version in the builder (no JSON), leaves, comes back, publishes; a citizen
applies on it in Chromium and the "show only when" condition works."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

pytestmark = pytest.mark.e2e

ITEM = "11440199007495325U4442118012"  # scjg's joint item (开办宾馆酒店…)
FIELDS = [
    ("text", "申请人姓名"),
    ("resident_id", "身份证号码"),
    ("mobile", "联系电话"),
    ("text", "单位名称"),
    ("credit_code", "统一社会信用代码"),
    ("number", "经营面积"),
    ("integer", "从业人员数"),
    ("boolean", "是否委托他人办理"),
    ("text", "受托人姓名"),
    ("choice", "经营类别"),
    ("multichoice", "服务项目"),
    ("date", "开业日期"),
    ("textarea", "备注"),
    ("upload", "场所平面图"),
    ("table", "从业人员名单"),
]


def login(page: Page, base: str, username: str, path: str = "/login") -> None:
    page.goto(base + path)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def edit(page: Page, label: str) -> None:
    page.get_by_role("link", name=f"编辑“{label}”").click()
    expect(page.locator("#edit-panel")).to_be_visible()


def save_field(page: Page) -> None:
    page.locator("#edit-panel").get_by_role("button", name="保存字段").click()
    expect(page.locator("#publish-problems")).to_have_count(0)


def test_department_admin_builds_publishes_and_a_citizen_applies(live_server: str, page: Page, demo, tmp_path):
    from app.extensions import db
    from app.models import Application, ServiceItem

    base = live_server
    with demo.app_context():
        item_id = db.session.scalar(select(ServiceItem.id).where(ServiceItem.slug == ITEM))

    # A deep link opened while logged out comes back after the login.
    login(page, base, "scjg-admin", f"/admin/drafts/{item_id}/")
    expect(page).to_have_url(re.compile(rf"/admin/drafts/{item_id}/$"))
    expect(page.locator("#admin-user")).to_have_text("冯管理（市场监管局管理员）")
    page.get_by_label("从空白开始").check()
    page.get_by_role("button", name="开始编辑").click()
    expect(page.locator("#field-count")).to_contain_text("0 个字段")

    for kind, label in FIELDS:
        page.locator("#add-kind-root").select_option(kind)
        page.locator("#add-label-root").fill(label)
        page.get_by_role("button", name="添加字段", exact=True).click()
        expect(page.locator(".yc-field-label", has_text=label).first).to_be_visible()
    expect(page.locator("#field-count")).to_contain_text("15 个字段")

    # Field settings, each through the edit panel.
    edit(page, "申请人姓名")
    page.locator("#edit-panel").get_by_label("必填", exact=True).check()
    page.locator("#edit-panel").get_by_label("占位提示", exact=True).fill("与身份证一致")
    save_field(page)
    for label in ("身份证号码", "联系电话"):
        edit(page, label)
        page.locator("#edit-panel").get_by_label("必填", exact=True).check()
        save_field(page)
    edit(page, "经营面积")
    page.locator("#edit-panel").get_by_label("单位", exact=True).fill("平方米")
    page.locator("#edit-panel").get_by_label("最小值", exact=True).fill("1")
    save_field(page)
    edit(page, "经营类别")
    page.locator("#edit-panel").get_by_label("选项（每行一个").fill("food=餐饮服务\nhotel=住宿服务")
    save_field(page)
    edit(page, "服务项目")
    page.locator("#edit-panel").get_by_label("选项（每行一个").fill("wifi=无线网络\nparking=停车")
    save_field(page)
    edit(page, "场所平面图")
    page.locator("#edit-panel").get_by_label("接受的文件类型", exact=True).fill("application/pdf")
    page.locator("#edit-panel").get_by_label("大小上限（MB）", exact=True).fill("5")
    save_field(page)

    # Live preview: an unsaved label change shows in the preview, then is saved.
    edit(page, "受托人姓名")
    page.locator("#f-label").fill("受托人（代办人）姓名")
    preview = page.frame_locator("#preview-frame")
    expect(preview.get_by_text("受托人（代办人）姓名")).to_be_attached()
    expect(page.locator("#preview-status")).to_contain_text("毫秒")
    # "Show only when" 是否委托他人办理 is 是.
    page.locator("#f-cond-field").select_option(label="是否委托他人办理")
    page.locator("#f-cond-op").select_option(label="等于")
    page.locator("#f-cond-value").select_option(label="是否委托他人办理：是")
    page.locator("#edit-panel").get_by_label("必填", exact=True).check()
    save_field(page)
    expect(page.locator(".yc-condition")).to_have_text("仅当“是否委托他人办理”等于“是”时显示")

    # A table of rows with two columns and limits on its rows.
    page.locator("#add-kind-table_15").select_option("text")
    page.locator("#add-label-table_15").fill("姓名")
    page.get_by_role("button", name="在“从业人员名单”中添加字段").click()
    page.locator("#add-kind-table_15").select_option("text")
    page.locator("#add-label-table_15").fill("健康证编号")
    page.get_by_role("button", name="在“从业人员名单”中添加字段").click()
    edit(page, "从业人员名单")
    page.locator("#edit-panel").get_by_label("最少行数", exact=True).fill("1")
    page.locator("#edit-panel").get_by_label("最多行数", exact=True).fill("5")
    save_field(page)

    # A section of the applicant's fields, two columns.
    page.locator("#sections-editor summary").click()
    page.get_by_label("新分组标题").fill("申请人")
    for label in ("申请人姓名", "身份证号码", "联系电话"):
        page.locator("#sections-editor").get_by_label(label).check()
    page.get_by_label("分栏（屏幕较宽时）").select_option("2")
    page.get_by_role("button", name="保存分组与分栏").click()
    expect(page.locator(".badge-info", has_text="分组：申请人")).to_have_count(3)
    expect(preview.locator("section.yc-section h2", has_text="申请人")).to_be_visible()

    # Drag to reorder (sortablejs): 备注 above 开业日期, saved on the server.
    source = page.locator("#field-textarea_13 > div > .yc-handle")
    target = page.locator("#field-date_12 > div > .yc-handle")
    with page.expect_navigation():  # the new order is posted, then the page shows it from the server
        source.drag_to(target)
    expect(page.locator("ol.yc-fields").first.locator(":scope > li").nth(11)).to_have_attribute(
        "data-path", "textarea_13"
    )

    # A decision form, with the same builder.
    page.locator("#new-decision summary").click()
    page.get_by_label("文件名（BPMN 用户任务中引用").fill("site_check")
    page.get_by_label("标题", exact=True).last.fill("现场核查")
    page.get_by_role("button", name="新建（含审核结论、审查意见）").click()
    expect(page.get_by_role("heading", name="决策表单 site_check.schema.json")).to_be_visible()
    page.locator("#add-kind-root").select_option("date")
    page.locator("#add-label-root").fill("核查日期")
    page.get_by_role("button", name="添加字段", exact=True).click()
    expect(page.locator(".yc-field-label")).to_have_text(["审核结论", "审查意见", "核查日期"])
    expect(page.locator("#add-kind-root option[value=upload]")).to_have_count(0)

    # The guide: three materials, one 容缺, one conditional.
    page.get_by_role("link", name="办事指南").first.click()
    page.get_by_label("设定依据").fill("《食品安全法》第三十五条")
    page.get_by_label("申请条件（每行一条）").fill("已取得营业执照\n有与经营相适应的场所")
    for _ in range(3):
        page.get_by_role("button", name="添加材料").click()
    rows = page.locator("tr[data-material]")
    expect(rows).to_have_count(3)
    rows.nth(0).get_by_label("名称").fill("营业执照")
    rows.nth(1).get_by_label("名称").fill("场所平面图")
    rows.nth(1).get_by_label("要求").select_option("deferrable")
    rows.nth(1).get_by_label("上传字段").select_option(label="场所平面图")
    rows.nth(2).get_by_label("名称").fill("委托书")
    rows.nth(2).get_by_label("要求").select_option("conditional")
    rows.nth(2).get_by_label("提交条件").fill("委托他人办理的")
    page.get_by_label("法定时限（工作日）").fill("20")
    page.get_by_label("承诺时限（工作日）").fill("8")
    page.get_by_role("button", name="保存办事指南").click()
    expect(page.locator(".alert-success, .alert")).to_contain_text(["办事指南已保存到草稿"])

    # Leave, come back: the draft is on the server.
    page.get_by_role("button", name="退出").click()
    login(page, base, "scjg-admin")
    page.goto(base + "/admin/")
    page.locator("#home-drafts").get_by_role("link").first.click()
    expect(page.locator("#field-count")).to_contain_text("15 个字段，1 个分组")

    # Publish.
    page.get_by_role("button", name="发布为新版本").click()
    expect(page.locator("#live-version")).to_contain_text("第 2 版")
    page.get_by_role("button", name="退出").click()

    with demo.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == ITEM))
        assert item.live_version.number == 2 and item.promised_days == 8
        schema = item.live_version.form_schema
        assert schema["properties"]["number_6"]["title"] == "经营面积（平方米）"
        decision = item.live_version.decision_forms["site_check.schema.json"]
        assert "date_3" in decision["properties"] and decision["x-ui"]["opinion"]["ui:widget"] == "textarea"

    # The citizen: the guide labels the materials rightly, the condition shows and hides the field.
    login(page, base, "citizen")
    page.goto(f"{base}/items/{ITEM}")
    materials = page.locator("table.list")
    expect(materials.locator("tr", has_text="委托书")).to_contain_text("有条件提交：委托他人办理的")
    expect(materials.locator("tr", has_text="委托书")).not_to_contain_text("容缺")
    expect(materials.locator("tr", has_text="场所平面图")).to_contain_text("容缺可后补")
    page.get_by_role("link", name="在线申请").first.click()
    trustee = page.get_by_label("受托人（代办人）姓名")
    expect(trustee).to_be_hidden()
    page.locator('[name="boolean_8"][value="true"]').check()
    expect(trustee).to_be_visible()
    page.get_by_label("申请人姓名").fill("王五")
    page.get_by_label("身份证号码").fill("110101199003074477")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("经营面积").fill("120")
    trustee.fill("赵六")
    page.get_by_label("姓名", exact=True).fill("孙七")
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("场所平面图").set_input_files(str(plan))
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#check-answers")).to_contain_text("赵六")
    page.get_by_role("button", name="确认提交").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    with demo.app_context():
        case = db.session.scalar(select(Application))
        assert case.item_version.number == 2
        assert case.data["text_9"] == "赵六" and case.data["boolean_8"] is True
        assert case.data["table_15"] == [{"text_1": "孙七"}]
