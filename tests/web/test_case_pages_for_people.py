"""What people read on a case: materials as links that open inline, lights in words, names instead of codes,
the applicant's timeline without the office's housekeeping, and a receipt that says where the case stands."""

from __future__ import annotations

import io
import json
import re

from sqlalchemy import select

from tests.factories import csrf_token
from tests.web.test_uploads import PDF, post_application

RAW_CODES = ("ready", "completed", "claimed", "window", "applicant", "output", "wsjk", "scjg", "wsjk_ggcs_wsxk")


def _case_with_pdf(app, client, login):
    login(client, "citizen")
    status, _ = post_application(app, client, {"floor_plan": (io.BytesIO(PDF), "平面图.pdf")})
    assert status == 302
    from app.extensions import db
    from app.models import Application

    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        return application.id, application.tracking_number, application.data["floor_plan"]["file_id"]


def _step(app, application_id: int, element_id: str, username: str, decision: dict) -> None:
    from tests.integration.drive import step

    with app.app_context():
        step(application_id, element_id, username, decision)


def _logout(client) -> None:
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


def _visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_an_approver_opens_the_pdf_material_inline_from_the_case_and_the_task(demo, client, login):
    case_id, number, file_id = _case_with_pdf(demo, client, login)
    _step(demo, case_id, "window_review", "window", {"decision": "accept"})
    _logout(client)
    login(client, "wsjk")
    for page in (client.get(f"/cases/{number}").get_data(as_text=True), client.get("/tasks").get_data(as_text=True)):
        assert "申请材料" in page or "办理" in page
    case_page = client.get(f"/cases/{number}").get_data(as_text=True)
    link = f'href="/files/{file_id}?view=1" target="_blank" rel="noopener">平面图.pdf</a>'
    assert link in case_page and "卫生设施平面布局图" in case_page
    task_id = re.search(r'href="/tasks/(\d+)"', client.get("/tasks").get_data(as_text=True)).group(1)
    assert link in client.get(f"/tasks/{task_id}").get_data(as_text=True)
    opened = client.get(f"/files/{file_id}?view=1")
    assert opened.status_code == 200 and opened.data == PDF and opened.mimetype == "application/pdf"
    assert opened.headers["Content-Disposition"].startswith("inline")
    _logout(client)
    login(client, "rsj")  # a department with no step on the case: neither the page nor the file
    assert client.get(f"/cases/{number}").status_code in (403, 404)
    assert client.get(f"/files/{file_id}?view=1").status_code == 404


def test_a_material_that_is_not_a_pdf_or_picture_is_downloaded_not_opened(demo, client, login):
    from app.web.files import INLINE_TYPES

    assert "image/svg+xml" not in INLINE_TYPES and "text/html" not in INLINE_TYPES


def test_lights_have_words_and_days_and_the_case_shows_no_codes(demo, client, login):
    case_id, number, _ = _case_with_pdf(demo, client, login)
    _step(demo, case_id, "window_review", "window", {"decision": "accept"})
    _logout(client)
    login(client, "wsjk")
    queue = client.get("/tasks").get_data(as_text=True)
    assert re.search(r'class="light-word">(正常|即将到期|已超期)</span>', queue)
    assert re.search(r"剩 \d+ 个工作日", queue)
    task_id = re.search(r'href="/tasks/(\d+)"', queue).group(1)
    claim = client.post(f"/tasks/{task_id}", data={"action": "claim", "csrf_token": csrf_token(client, "/tasks")})
    assert claim.status_code == 302
    page = client.get(f"/cases/{number}").get_data(as_text=True)
    assert "正常" in page and "认领任务" in page  # staff see the housekeeping
    words = _visible_text(page).split()
    for code in RAW_CODES:
        assert code not in words, code
    assert "综合窗口" in page and ("办理中" in page or "已认领" in page) and "已办结" in page
    _logout(client)
    login(client, "citizen")
    mine = client.get(f"/my/applications/{number}").get_data(as_text=True)
    assert "认领任务" not in mine and "已受理，正在由部门审批" in mine


def test_the_diagram_names_lanes_and_hides_the_process_id(demo, client, login):
    case_id, number, _ = _case_with_pdf(demo, client, login)
    page = client.get(f"/my/applications/{number}/diagram").get_data(as_text=True)
    assert "wsjk_ggcs_wsxk" not in _visible_text(page)  # the XML keeps its ids; nothing shows them
    blocks = re.findall(r'<script type="application/json" class="yc-bpmn-data">(.*?)</script>', page, flags=re.S)
    lanes = [
        name
        for block in blocks
        for name in re.findall(r'<bpmn:lane id="[^"]*" name="([^"]*)"', json.loads(block)["xml"])
    ]
    assert "综合窗口" in lanes and "区卫生健康委员会" in lanes
    assert not set(lanes) & {"wsjk", "window", "applicant", "output"}


def test_the_receipt_says_where_the_case_stands_now(demo, client, login):
    case_id, number, _ = _case_with_pdf(demo, client, login)
    receipt = client.get(f"/applications/{number}/receipt").get_data(as_text=True)
    assert "1 个工作日内完成受理审查" in receipt
    _step(demo, case_id, "window_review", "window", {"decision": "accept"})
    receipt = client.get(f"/applications/{number}/receipt").get_data(as_text=True)
    assert "1 个工作日内完成受理审查" not in receipt and "已受理，正在由部门审批" in receipt
