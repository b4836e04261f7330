"""Issue 15's walk-through in Chromium, as the people who do it: a department admin (not the platform admin)
creates a data element and a new item that uses it in the builder, publishes it, composes a bundle from it and two
other departments' items (a conflict refused first), previews the merged form and publishes; a citizen with an
earlier case applies with prefilled, marked fields and uploads the shared material once; the window accepts once;
each department's approver sees only the shared section and their own; one member is refused, the others approved;
the output window issues everything together and the citizen sees each item's own result and certificate.

Set YC_SCREENSHOTS to a folder to keep the pages at 1280 and 360 px.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.e2e.test_data_elements_in_browser import earlier_case
from tests.e2e.test_joint_case_in_browser import fill_fields, logout
from tests.factories import DEMO

pytestmark = pytest.mark.e2e

HYGIENE, SIGN, ADVERT = "公共场所卫生许可证核发", "店铺门头招牌设置审批", "户外广告设施设置审批"
NEW_ITEM, NEW_CODE, NEW_SLUG = "小餐饮经营者登记", "11440199007495325U4442118099", "xiao-canyin-dengji"
ELEMENT = "food-licence-number"
BUNDLE, BUNDLE_SLUG = "开办小餐饮店", "kaiban-xiaocanyin"
HYGIENE_CODE = "11440199007495413A4442111004"
FLOOR_PLAN = "卫生设施平面布局图（小餐饮）.pdf"
LICENCE_NUMBER = "JY14401990012345"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def shots(page: Page, folder: Path, name: str) -> None:
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def add_field(page: Page, kind: str, label: str, into: str = "root", into_label: str = "") -> None:
    page.locator(f"#add-kind-{into}").select_option(kind)
    page.locator(f"#add-label-{into}").fill(label)
    button = f"在“{into_label}”中添加字段" if into_label else "添加字段"
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".yc-field-label", has_text=label).first).to_be_visible()


def edit_field(page: Page, label: str, **settings: str | bool) -> None:
    page.get_by_role("link", name=f"编辑“{label}”").click()
    panel = page.locator("#edit-panel")
    expect(panel).to_be_visible()
    for name, value in settings.items():
        box = panel.get_by_label(name, exact=True)
        if value is True:
            box.check()
        else:
            box.fill(str(value))
    panel.get_by_role("button", name="保存字段").click()
    expect(page.locator("#publish-problems")).to_have_count(0)


def create_element(page: Page, base: str) -> None:
    page.goto(f"{base}/admin/dataelement/new/")
    page.get_by_label("标识").fill(ELEMENT)
    page.get_by_label("中文名称").fill("食品经营许可证编号")
    page.get_by_label("英文名称").fill("Food business licence number")
    page.get_by_label("字段定义（JSON Schema）").fill('{"type": "string", "pattern": "^JY[0-9]{14}$"}')
    page.locator("#s2id_prefill").click()
    page.locator(".select2-result-label", has_text="申请人最近一次办件中的填写值").click()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("cell", name=ELEMENT, exact=True)).to_be_visible()


def create_item(page: Page, base: str, folder: Path) -> None:
    page.goto(f"{base}/admin/serviceitem/new/")
    page.get_by_label("事项编码").fill(NEW_CODE)
    page.get_by_label("网址名（slug）").fill(NEW_SLUG)
    page.get_by_label("事项名称").fill(NEW_ITEM)
    page.locator("#s2id_kind").click()  # Flask-Admin's select2 box in front of the select
    page.locator(".select2-result-label", has_text="承诺件").click()
    shots(page, folder, "item-new")
    page.get_by_role("button", name="保存", exact=True).click()
    shots(page, folder, "item-saved")
    row = page.locator("tr", has_text=NEW_CODE)
    expect(row).to_contain_text("承诺件")
    # The builder: start from blank (a new item gets a starter approval path), then the form.
    page.goto(f"{base}/admin/authoring/")
    page.get_by_role("link", name=NEW_ITEM).first.click()
    page.get_by_role("link", name="新建版本（表单设计器）").click()
    page.get_by_label(re.compile("从空白开始")).check()
    shots(page, folder, "draft-start")
    page.get_by_role("button", name="开始编辑").click()
    expect(page.locator("#field-count")).to_contain_text("0 个字段")


def build_form(page: Page, folder: Path) -> None:
    """The applicant's group of data elements under the names the other items use (so the bundle asks it once),
    the new element, an own field and the site plan the hygiene permit asks for too."""
    add_field(page, "group", "经办人信息")
    edit_field(page, "经办人信息", **{"字段名（英文，数据中的键）": "applicant"})
    name = "字段名（英文，数据中的键）"
    for key, label, field in (("person-name", "姓名", "name"), ("cn-resident-id", "身份证号码", "id_number")):
        add_field(page, f"element:{key}", "", into="applicant", into_label="经办人信息")
        edit_field(page, label, **{name: field, "必填": True})
    add_field(page, "element:cn-mobile", "", into="applicant", into_label="经办人信息")
    edit_field(page, "联系电话", **{name: "mobile", "必填": True})
    add_field(page, f"element:{ELEMENT}", "")
    edit_field(page, "食品经营许可证编号", **{name: "food_licence_number", "必填": True})
    add_field(page, "integer", "就餐座位数")
    edit_field(page, "就餐座位数", **{name: "seats", "必填": True, "最小值": "1"})
    add_field(page, "upload", "卫生设施平面布局图")
    edit_field(page, "卫生设施平面布局图", **{name: "floor_plan", "接受的文件类型": "application/pdf"})
    preview = page.frame_locator("#preview-frame")
    expect(preview.get_by_text("食品经营许可证编号")).to_be_attached()
    shots(page, folder, "builder")
    page.get_by_role("link", name="办事指南").first.click()
    page.get_by_label("设定依据").fill(
        "《中华人民共和国食品安全法》第三十六条；《广东省食品生产加工小作坊和食品摊贩管理条例》"
    )
    page.get_by_label("申请条件（每行一条）").fill("有固定的经营场所\n从业人员持有有效健康证明")
    page.get_by_role("button", name="添加材料").click()
    row = page.locator("tr[data-material]").first
    row.get_by_label("名称").fill("卫生设施平面布局图")
    row.get_by_label("上传字段").select_option(label="卫生设施平面布局图")
    page.get_by_label("法定时限（工作日）").fill("15")
    page.get_by_label("承诺时限（工作日）").fill("5")
    page.get_by_role("button", name="保存办事指南").click()
    page.get_by_role("button", name="发布为新版本").click()
    expect(page.locator("#live-version")).to_contain_text("第 1 版")


def compose(page: Page, members: list[str]) -> None:
    form = page.locator("#compose")
    for box in form.locator("input[name=member]").all():
        box.uncheck()
    for name in members:
        form.get_by_label(re.compile(re.escape(name))).check()
    form.get_by_role("button", name="保存并预览").click()


def compose_bundle(page: Page, base: str, folder: Path) -> None:
    """The new item with two other departments' items: a conflict refused (two different areas under one name),
    then a sound bundle whose preview shows the shared section and one section per item."""
    page.goto(f"{base}/admin/bundles/new")
    page.get_by_label("名称").fill(BUNDLE)
    page.get_by_label("编码").fill("YJS-E2E-XCY")
    page.get_by_label("网址名（slug）").fill(BUNDLE_SLUG)
    page.get_by_role("button", name="创建").click()
    compose(page, [NEW_ITEM, HYGIENE, ADVERT])
    conflicts = page.locator("#conflicts")
    expect(conflicts).to_contain_text("area")
    expect(conflicts).to_contain_text(HYGIENE)
    expect(conflicts).to_contain_text(ADVERT)
    expect(page.locator("#publish")).to_have_count(0)
    shots(page, folder, "bundle-conflict")
    compose(page, [NEW_ITEM, HYGIENE, SIGN])
    shots(page, folder, "bundle-preview")
    sections = page.locator("#sections li")
    expect(sections).to_have_count(4)
    expect(sections.first).to_contain_text("共同信息")
    expect(sections.first).to_contain_text("floor_plan")  # the site plan: asked (and uploaded) once
    expect(sections.first).to_contain_text("applicant")
    expect(sections.filter(has_text=NEW_ITEM)).to_contain_text("food_licence_number")
    expect(sections.filter(has_text=SIGN)).to_contain_text("sign_text")
    shots(page, folder, "bundle-preview")
    page.locator("#publish").click()
    expect(page.get_by_text(f"已发布“{BUNDLE}”第 1 版")).to_be_visible()


def test_one_form_many_departments(live_server: str, page: Page, demo, tmp_path) -> None:
    base = live_server
    folder = Path(os.environ.get("YC_SCREENSHOTS") or tmp_path)
    login(page, base, "scjg-admin")
    create_element(page, base)
    create_item(page, base, folder)
    build_form(page, folder)
    compose_bundle(page, base, folder)
    logout(page)
    number = citizen_applies(page, base, demo, folder)
    departments_decide(page, base, demo, number)
    issue_and_see_results(page, base, number, folder)


def citizen_applies(page: Page, base: str, demo, folder: Path) -> str:
    """A citizen with an earlier case: the shared fields come prefilled and marked; the site plan is uploaded once."""
    import json

    from app.extensions import db
    from app.models import Application, ServiceItem
    from app.services.step_forms import application_form

    earlier = earlier_case(demo, "citizen")
    login(page, base, "citizen")
    page.goto(f"{base}/items/{BUNDLE_SLUG}")
    expect(page.locator("#bundle-members")).to_contain_text(NEW_ITEM)
    page.get_by_role("link", name="在线申请").first.click()
    expect(page.get_by_text("部分字段已根据您以往提交的信息预填")).to_be_visible()
    expect(page.locator('[name="applicant.name"]')).to_have_value(earlier["applicant"]["name"])
    expect(page.locator('[name="business.credit_code"]')).to_have_value(earlier["business"]["credit_code"])
    expect(page.locator('[data-field="applicant.id_number"]')).to_have_class(re.compile("yc-prefilled"))
    prefilled = {p for p in page.locator(".yc-prefilled").evaluate_all("es => es.map(e => e.dataset.field)")}
    assert {"applicant.name", "applicant.id_number", "applicant.mobile", "business.name"} <= prefilled
    expect(page.locator("input[type=file][name=floor_plan]")).to_have_count(1)  # one upload for two departments
    hygiene = json.loads((DEMO / HYGIENE_CODE / "sample.json").read_text())
    sign = json.loads((DEMO / "mentou-zhaopai" / "sample.json").read_text())
    rest = {
        **{k: v for k, v in hygiene.items() if k not in ("applicant", "business")},
        **{k: v for k, v in sign.items() if k not in ("applicant", "business")},
        "applicant": earlier["applicant"],  # encoded whole, then the prefilled ones are left as the page has them
        "business": {**sign["business"], **{k: v for k, v in earlier["business"].items() if k in sign["business"]}},
        "food_licence_number": LICENCE_NUMBER,
        "seats": 24,
    }
    with demo.app_context():
        version = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == BUNDLE_SLUG)).live_version
        fields = application_form(version).encode(rest)
    for name in list(fields):
        if name in prefilled or name.startswith("applicant."):
            fields.poplist(name)
    fill_fields(page, fields)
    page.locator("input[type=file][name=floor_plan]").set_input_files(
        {"name": FLOOR_PLAN, "mimeType": "application/pdf", "buffer": PDF}
    )
    shots(page, folder, "apply")
    page.get_by_role("button", name="提交申请").click()
    page.get_by_role("button", name="确认提交").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    number = page.locator("#tracking-number").inner_text().strip()
    with demo.app_context():
        stored = db.session.scalar(select(Application).where(Application.tracking_number == number)).data
        assert stored["applicant"] == earlier["applicant"]  # the prefilled values, as submitted
        assert stored["food_licence_number"] == LICENCE_NUMBER
    logout(page)
    return number


def departments_decide(page: Page, base: str, demo, number: str) -> None:
    """The window accepts once; each department sees the shared section and its own item's only; 城管 refuses."""
    from app.extensions import db
    from app.models import HumanTask
    from app.services.step_forms import decision_form

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

    sign_text = "湘味小厨"
    work("window", "/window", {"decision": "accept"}, seen=(sign_text, LICENCE_NUMBER, FLOOR_PLAN))
    approve = {"approved": True, "opinion": "符合条件，同意"}
    work("scjg", "/tasks", approve, hidden=(sign_text,), seen=(LICENCE_NUMBER, FLOOR_PLAN))
    work("wsjk", "/tasks", approve, hidden=(sign_text, LICENCE_NUMBER), seen=(FLOOR_PLAN,))
    work("wsjk", "/tasks", approve, hidden=(sign_text, LICENCE_NUMBER))
    work(
        "cgj", "/tasks", {"approved": False, "opinion": "招牌尺寸超出导则"}, hidden=(LICENCE_NUMBER,), seen=(sign_text,)
    )


def issue_and_see_results(page: Page, base: str, number: str, folder: Path) -> None:
    """The output window hands out everything at once; the citizen sees each item's own result."""
    login(page, base, "window")
    page.goto(f"{base}/output")
    page.locator("tr", has_text=number).first.get_by_role("link", name="办理").click()
    progress = page.locator("#item-progress")
    expect(progress.locator("tr[data-status=refused]")).to_contain_text(SIGN)
    expect(progress.locator("tr[data-status=approved]")).to_have_count(2)
    expect(progress.locator("tr[data-status=approved] .certificate-number")).to_have_count(2)
    shots(page, folder, "output")
    page.get_by_label("窗口领取").check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("已办理")).to_be_visible()
    logout(page)
    login(page, base, "citizen")
    page.goto(f"{base}/my/applications/{number}")
    progress = page.locator("#item-progress")
    expect(progress.locator("tr[data-status=issued]")).to_have_count(2)
    expect(progress.locator("tr[data-status=issued]", has_text=NEW_ITEM).locator(".certificate-number")).to_be_visible()
    expect(progress.locator("tr[data-status=refused]")).to_contain_text(SIGN)
    expect(page.locator("#documents tr[data-kind=certificate]")).to_have_count(2)  # one per approved item
    shots(page, folder, "citizen-case")
