"""Data elements in Chromium: a department admin finds and creates one; a citizen with an earlier case sees their
fields prefilled and marked, changes one and the changed value is stored; the window prefills a found person."""

from __future__ import annotations

import json
import os
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.e2e.test_joint_case_in_browser import login
from tests.factories import DEMO, new_token

pytestmark = pytest.mark.e2e

WSJK = "11440199007495413A4442111004"  # 公共场所卫生许可证核发
OUTDOOR = "11440199007495763G4442111007"  # 户外广告设施设置审批: the earlier case
SHOTS = os.environ.get("SCREENSHOT_DIR")  # set to look at the pages (1280 and 360 px wide)


def shoot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def sample(slug: str) -> dict:
    return json.loads((DEMO / slug / "sample.json").read_text())


def earlier_case(app, username: str) -> dict:
    from app.extensions import db
    from app.models import ServiceItem, User
    from app.services import cases

    data = sample(OUTDOOR)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == OUTDOOR))
        cases.submit_application(
            version=item.live_version, applicant=user, form_data=data, submission_token=new_token()
        )
        db.session.commit()
    return data


def test_department_admin_searches_and_creates_a_data_element(live_server: str, page: Page, demo) -> None:
    login(page, live_server, "scjg-admin")
    page.goto(f"{live_server}/admin/dataelement/")
    expect(page.get_by_role("cell", name="cn-resident-id", exact=True)).to_be_visible()
    # who uses it: the admin's own items by name and field, other departments' items only counted
    used = page.locator("tr", has_text="cn-resident-id")
    expect(used).to_contain_text(
        "开办宾馆酒店（含餐饮服务）：食品经营许可与公共场所卫生许可联办（applicant.id_number）"
    )
    expect(used).to_contain_text("个为其他部门的事项")
    expect(used).not_to_contain_text("公共场所卫生许可证核发")
    shoot(page, "elements-list")
    page.locator("input[name=search]").fill("信用代码")
    page.locator("input[name=search]").press("Enter")
    expect(page.get_by_role("cell", name="cn-credit-code", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="cn-resident-id", exact=True)).to_have_count(0)

    page.goto(f"{live_server}/admin/dataelement/new/")
    page.get_by_label("标识").fill("food-licence-number")
    page.get_by_label("中文名称").fill("食品经营许可证编号")
    page.get_by_label("英文名称").fill("Food business licence number")
    page.get_by_label("字段定义（JSON Schema）").fill('{"type": "string", "pattern": "^JY[0-9]{14}$"}')
    page.locator("#s2id_prefill").click()  # Flask-Admin's select2 box in front of the select
    page.locator(".select2-result-label", has_text="申请人最近一次办件中的填写值").click()
    shoot(page, "elements-new")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("cell", name="food-licence-number", exact=True)).to_be_visible()
    expect(page.locator("tr", has_text="food-licence-number")).to_contain_text("区市场监督管理局")


def test_citizen_sees_prefilled_fields_changes_one_and_that_is_stored(live_server: str, page: Page, demo) -> None:
    from app.extensions import db
    from app.models import Application, User

    earlier = earlier_case(demo, "citizen")
    login(page, live_server, "citizen")
    page.goto(f"{live_server}/items/{WSJK}/apply")
    expect(page.get_by_text("部分字段已根据您以往提交的信息预填")).to_be_visible()
    expect(page.locator('[name="applicant.name"]')).to_have_value(earlier["applicant"]["name"])
    expect(page.locator('[name="business.credit_code"]')).to_have_value(earlier["business"]["credit_code"])
    prefilled = page.locator(".yc-prefilled")
    expect(prefilled).to_have_count(5)  # name, ID, mobile, company name, credit code: what the earlier case asked
    expect(page.locator('[data-field="applicant.mobile"]')).to_contain_text("已根据以往提交的信息预填")
    shoot(page, "apply-prefilled")

    page.locator('[name="applicant.mobile"]').fill("13712345678")  # editable: the citizen's new number
    rest = sample(WSJK)
    page.locator('[name="business.legal_rep"]').fill(rest["business"]["legal_rep"])
    page.locator('[name="business.address"]').fill(rest["business"]["address"])
    page.locator('[name="venue_type"]').select_option(rest["venue_type"])
    page.locator('[name="area"]').fill(str(rest["area"]))
    page.locator('[name="staff_count"]').fill(str(rest["staff_count"]))
    page.locator('[name="health_cert_count"]').fill(str(rest["health_cert_count"]))
    page.locator('[name="central_ac"][value="true"]').check()
    page.locator('[name="apply_date"]').fill(rest["apply_date"])
    page.get_by_role("button", name="提交申请").click()
    page.get_by_role("button", name="确认提交").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    with demo.app_context():
        citizen = db.session.scalar(select(User).where(User.username == "citizen"))
        newest = db.session.scalars(
            select(Application).where(Application.applicant_id == citizen.id).order_by(Application.id.desc())
        ).first()
        assert newest.data["applicant"]["mobile"] == "13712345678"
        assert newest.data["applicant"]["name"] == earlier["applicant"]["name"]


def test_window_finds_the_person_by_id_number_and_the_form_is_prefilled(live_server: str, page: Page, demo) -> None:
    from app.extensions import db
    from app.models import User

    earlier = earlier_case(demo, "citizen")
    with demo.app_context():
        citizen = db.session.scalar(select(User).where(User.username == "citizen"))
        citizen.id_number = earlier["applicant"]["id_number"]
        db.session.commit()
    login(page, live_server, "window")
    page.goto(f"{live_server}/window/new/{WSJK}")
    expect(page.locator(".yc-prefilled")).to_have_count(0)
    page.get_by_label("按身份证号码查找申请人").fill(earlier["applicant"]["id_number"])
    page.get_by_role("button", name="查找并预填").click()
    expect(page.get_by_text("已找到申请人")).to_be_visible()
    expect(page.locator('[name="walk_in.id_number"]')).to_have_value(earlier["applicant"]["id_number"])
    expect(page.locator('[name="business.name"]')).to_have_value(earlier["business"]["name"])
    expect(page.locator('[data-field="business.name"]')).to_have_class(re.compile("yc-prefilled"))
    shoot(page, "window-prefilled")
