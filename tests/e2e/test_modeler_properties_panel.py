"""A department path drawn in the modeler with the properties panel only (no XML typed), published, and run.

The admin splits a new pool into two lanes and gives each its department by name, appends a review step per
department with its decision form (and a step limit), sets the condition of the gateway's flow with a typo, sees
the typo named in Chinese, fixes it, marks the other flow as the default, publishes, and a case runs through both
departments on it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.e2e.test_admin_publish import login, submit
from tests.factories import demo_item

pytestmark = pytest.mark.e2e

MODELER = "document.getElementById('bpmn-modeler').bpmnModeler"
DECISIONS = {
    "window_review": {"decision": "accept"},
    "output_issue": {"delivery": "window"},
    "scjg_review": {"approved": True, "opinion": "布局合理，同意", "inspection_result": "pass"},
    "wsjk_review": {"approved": True, "opinion": "卫生条件符合"},
}


class Modeler:
    """The modeler as the admin uses it: click an element, use its context pad, fill the properties panel."""

    def __init__(self, page: Page):
        self.page = page

    def element(self, element_id: str):
        return self.page.locator(f'g.djs-element[data-element-id="{element_id}"]')

    def select(self, element_id: str) -> None:
        # Clicking a lane's narrow label band is unreliable in a headless browser; selecting is not editing.
        self.page.evaluate(
            f"(i) => {{ const m = {MODELER}; m.get('selection').select(m.get('elementRegistry').get(i)); }}",
            element_id,
        )

    def selected(self) -> str:
        return self.page.evaluate(f"() => ({MODELER}.get('selection').get()[0] || {{}}).id")

    def pad(self, action: str) -> None:
        self.page.locator(f'.djs-context-pad [data-action="{action}"]').click()

    def new_element(self, before: str) -> str:
        self.page.wait_for_function(
            f"(b) => {{ const s = {MODELER}.get('selection').get()[0]; return s && s.id !== b; }}", arg=before
        )
        new = self.selected()
        self.page.keyboard.press("Escape")  # leave the label editor a new task opens: names go in the panel
        self.select(new)
        return new

    def append(self, action: str) -> str:
        before = self.selected()
        self.pad(action)
        return self.new_element(before)

    def to_user_task(self) -> None:
        self.pad("replace")
        # The whole menu fits the window, however far down the page the modeler sits (diagram-js alone kept it
        # inside the document, so a menu opened low on the canvas ran past the window's bottom edge).
        box = self.page.locator(".djs-popup").bounding_box()
        size = self.page.viewport_size
        assert box and size and box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (box, size)
        assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], (box, size)
        self.page.locator('[data-id="replace-with-user-task"]').click()

    def text(self, entry: str, value: str) -> None:
        field = self.page.locator(f"#bio-properties-panel-{entry}")
        field.fill(value)
        field.press("Tab")

    def choose(self, entry: str, value: str) -> None:
        self.page.locator(f"#bio-properties-panel-{entry}").select_option(value)

    def ids(self, script: str, arg: str = "") -> list[str]:
        return self.page.evaluate(f"(arg) => {{ const r = {MODELER}.get('elementRegistry'); return {script}; }}", arg)


def test_two_department_path_drawn_with_the_panel_published_and_run(
    live_server: str, page: Page, demo, client, api_token
) -> None:
    from app.extensions import db
    from app.models import Application, HumanTask, ServiceItem

    slug, sample = demo_item("joint")
    with demo.app_context():
        item_id = db.session.scalar(select(ServiceItem.id).where(ServiceItem.slug == slug))
    login(page, live_server, "admin")
    page.goto(f"{live_server}/admin/authoring/{item_id}/new")
    page.locator("[data-bpmn-row]").last.locator("[data-edit-bpmn]").click()  # 在建模器中新建
    expect(page.locator("[data-modeler-file]")).to_have_text("approval_new.bpmn")
    m = Modeler(page)
    expect(m.element("start_accepted")).to_have_count(1)
    page.locator("#bpmn-modeler").scroll_into_view_if_needed()

    # A pool of two lanes, each a department chosen by name; the canvas then shows the name, not the code.
    m.select(m.ids("r.filter(e => e.type === 'bpmn:Participant')[0].id"))
    m.pad("lane-divide-two")
    lanes = m.ids("r.filter(e => e.type === 'bpmn:Lane').sort((a, b) => a.y - b.y).map(e => e.id)")
    for lane, code in zip(lanes, ["scjg", "wsjk"], strict=True):
        m.select(lane)
        expect(page.locator("#bio-properties-panel-yc-department option", has_text="区市场监督管理局")).to_have_count(1)
        m.choose("yc-department", code)
    expect(page.locator(".yc-lane-department", has_text="区卫生健康委员会")).to_have_count(1)

    # The market regulator's review: a user task with its decision form and a step limit in working days.
    m.select("start_accepted")
    m.append("append.append-task")
    m.to_user_task()
    page.locator(".bio-properties-panel-group-header", has_text="常规").click()
    m.text("id", "scjg_review")
    m.text("name", "市场监管审查")
    m.choose("yc-decision-form", "scjg_review.schema.json")
    m.text("yc-step-limit", "5")
    gateway = m.append("append.gateway")
    m.text("name", "审查通过？")

    # The health commission's review, placed in the second lane, reached from the gateway.
    page.locator('.djs-palette [data-action="create.task"]').click()
    lane_box, gateway_box = m.element(lanes[1]).bounding_box(), m.element(gateway).bounding_box()
    assert lane_box and gateway_box
    x, y = gateway_box["x"] + 200, lane_box["y"] + lane_box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    m.new_element(gateway)
    m.to_user_task()
    m.text("id", "wsjk_review")
    m.text("name", "卫健审查")
    m.choose("yc-decision-form", "wsjk_review.schema.json")
    m.append("append.end-event")
    m.text("name", "准予许可")
    m.select(gateway)
    m.pad("connect")
    m.element("wsjk_review").click()

    # The condition with a typo is named at once; fixed, it can run.
    [flow] = m.ids("r.get(arg).outgoing.filter(f => f.target.id === 'wsjk_review').map(f => f.id)", gateway)
    m.select(flow)
    condition = page.locator("#bio-properties-panel-yc-condition")
    verdict = page.locator("[data-condition-check]")
    condition.fill('scjg_review["aproved"]')
    expect(verdict).to_contain_text("“scjg_review”没有字段“aproved”（是否应为“approved”？）")
    condition.fill('scjg_review["approved"]')
    expect(verdict).to_contain_text("条件可以运行")

    # Otherwise: refused, on the gateway's default flow.
    m.select(gateway)
    refused = m.append("append.end-event")
    m.text("name", "不予许可")
    [other] = m.ids("r.get(arg).incoming.map(f => f.id)", refused)
    m.select(other)
    page.locator("#bio-properties-panel-yc-default-flow").check()
    expect(page.locator("#bio-properties-panel-yc-condition")).to_have_count(0)  # a default flow has none

    page.locator("[data-use-process]").click()
    drawn = page.locator('textarea[name="bpmn_text"]').last
    expect(drawn).to_have_value(re.compile(r'default="Flow_'))  # the modeler wrote the diagram back as XML
    process_id = page.locator("#process_id").input_value()
    assert process_id != "" and process_id in page.locator('textarea[name="bpmn_text"]').last.input_value()
    page.get_by_role("button", name="发布新版本").click()
    expect(page.locator("#live-version")).to_contain_text("第 2 版", timeout=30_000)  # publishing checks it all

    with demo.app_context():
        version = db.session.get(ServiceItem, item_id).live_version
        assert version.process_id == process_id
        xml = version.bpmn_files["approval_new.bpmn"]
        assert 'name="scjg"' in xml and 'name="wsjk"' in xml and 'name="limitDays" value="5"' in xml
        assert 'scjg_review["approved"]' in xml

    # A case on the drawn path: the window accepts, each department decides in its own list, the result is issued.
    number = submit(client, api_token, slug, sample)
    window = api_token(client, "window")
    for _ in range(10):
        case = client.get(f"/api/v1/applications/{number}", headers=window).get_json()
        if case["status"] == "issued":
            break
        for task in [t for t in case["tasks"] if t["state"] in ("ready", "claimed")]:
            headers = window if task["lane"] in ("window", "output") else api_token(client, task["lane"])
            body = {"data": DECISIONS[task["element_id"]]}
            response = client.post(f"/api/v1/tasks/{task['id']}/complete", json=body, headers=headers)
            assert response.status_code == 200, response.get_json()
    assert case["status"] == "issued"
    with demo.app_context():
        application = db.session.scalar(select(Application).where(Application.tracking_number == number))
        rows = db.session.scalars(select(HumanTask).where(HumanTask.application_id == application.id)).all()
        steps = {t.element_id: (t.lane, t.department_id is not None) for t in rows}
        assert steps["scjg_review"] == ("scjg", True) and steps["wsjk_review"] == ("wsjk", True)
