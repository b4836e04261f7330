"""An admin edits and publishes an item in Chromium; cases started before and after run on their own versions."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.factories import demo_item, new_token

pytestmark = pytest.mark.e2e

FINAL = {"issued", "rejected", "declined"}
DECISIONS = {
    "window_review": {"decision": "accept"},
    "output_issue": {"delivery": "window"},
}
APPROVAL = {"approved": True, "opinion": "材料齐全，符合条件"}


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login"))  # admins land on /admin/, which has no 退出 button


def submit(client, api_token, slug: str, sample: dict) -> str:
    body = {"data": sample, "submission_token": new_token()}
    response = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=api_token(client, "citizen"))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["tracking_number"]


def run_to_end(client, api_token, number: str) -> dict:
    """Complete each open step of the case through the JSON API, as its lane's user, until the case ends."""
    window = api_token(client, "window")
    for _ in range(20):
        case = client.get(f"/api/v1/applications/{number}", headers=window).get_json()
        if case["status"] in FINAL:
            return case
        for task in [t for t in case["tasks"] if t["state"] in ("ready", "claimed")]:
            headers = window if task["lane"] in ("window", "output") else api_token(client, task["lane"])
            data = DECISIONS.get(task["element_id"], APPROVAL)
            response = client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": data}, headers=headers)
            assert response.status_code == 200, response.get_json()
    raise AssertionError(f"{number} did not finish")


def test_admin_publishes_a_new_version_in_the_browser(live_server: str, page: Page, demo, client, api_token) -> None:
    from app.extensions import db
    from app.models import Application, AuditEvent, ServiceItem

    base = live_server
    slug, sample = demo_item("promised")
    with demo.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        item_id, version = item.id, item.live_version
        schema = dict(version.form_schema)
        [(bpmn_name, bpmn_xml)] = version.bpmn_files.items()
    before = submit(client, api_token, slug, sample)

    login(page, base, "admin")
    page.goto(f"{base}/admin/authoring/{item_id}/new")
    preview = page.frame_locator("#preview-frame")
    expect(preview.locator("form.yc-preview")).to_be_visible()
    expect(page.locator("#bpmn-modeler .djs-container")).to_be_visible()  # the current BPMN in the modeler

    # Typing in the schema refreshes the preview (debounced fetch), without pressing 预览.
    schema["properties"] = {"extra_note": {"type": "string", "title": "补充说明（第二版）"}, **schema["properties"]}
    page.locator("#form_schema").fill(json.dumps(schema, ensure_ascii=False, indent=2))
    expect(preview.get_by_label("补充说明（第二版）")).to_be_visible()
    expect(page.locator("#preview-status")).to_have_text("已更新")

    # A schema the form generator cannot render shows its problems instead; fixing it brings the preview back.
    page.locator("#form_ui").fill('{"oops": ')
    expect(page.locator("#preview-problems")).to_contain_text("form.ui.json: JSON 格式错误（第 1 行")
    page.locator("#form_ui").fill(json.dumps(version.form_ui, ensure_ascii=False))
    expect(page.locator("#preview-problems")).to_be_hidden()

    # An edit in the modeler is written back into the form as XML.
    page.evaluate(
        """() => {
          const modeler = document.getElementById("bpmn-modeler").bpmnModeler;
          const task = modeler.get("elementRegistry").filter((e) => e.type === "bpmn:UserTask")[0];
          modeler.get("modeling").updateLabel(task, "建模器改名的审查");
        }"""
    )
    expect(page.locator('textarea[name="bpmn_text"]').first).to_have_value(re.compile("建模器改名的审查"))

    # An uploaded file of the same name replaces the text in the form.
    changed = re.sub(r'(<bpmn:process [^>]*name=")', r"\1第二版 ", bpmn_xml, count=1)
    page.locator('input[name="bpmn_upload"]').set_input_files(
        files=[{"name": bpmn_name, "mimeType": "application/xml", "buffer": changed.encode()}]
    )
    page.get_by_role("button", name="发布新版本").click()
    expect(page.locator("#live-version")).to_contain_text("第 2 版")
    expect(page.locator(".flash, .alert-success").first).to_contain_text("已发布")
    expect(page.locator('#versions tr[data-version="1"] .running')).to_have_text("1")
    expect(page.locator(".yc-bpmn[data-rendered=true] .djs-container")).to_be_visible()

    after = submit(client, api_token, slug, sample)
    finished_before = run_to_end(client, api_token, before)
    finished_after = run_to_end(client, api_token, after)
    assert finished_before["status"] == finished_after["status"] == "issued"
    with demo.app_context():
        versions = {a.tracking_number: a.item_version.number for a in db.session.scalars(select(Application)).unique()}
        assert versions == {before: 1, after: 2}
        [published_xml] = db.session.get(ServiceItem, item_id).live_version.bpmn_files.values()
        assert "第二版" in published_xml and "建模器改名的审查" not in published_xml
        published = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "item_published")).all()
        assert any(e.actor_name == "系统管理员" and e.detail["version"] == 2 for e in published)

    # The finished case's progress diagram: both processes drawn, every step done.
    page.goto(f"{base}/cases/{before}/diagram")
    expect(page.locator(".yc-bpmn[data-rendered=true]")).to_have_count(2)
    expect(page.locator('[data-element-id="output_issue"].yc-done')).to_have_count(1)
    expect(page.locator('[data-element-id="end_finished"].yc-done')).to_have_count(1)
