"""Item authoring in the admin: versions with running cases, publishing, refusals, the form preview, diagrams."""

from __future__ import annotations

import io
import json
import re
from html import unescape
from pathlib import Path

from sqlalchemy import func, select

from tests.factories import csrf_token, demo_item, new_token

DATA = Path(__file__).resolve().parent.parent / "data"


def item_of(app, slug: str):
    from app.extensions import db
    from app.models import ServiceItem

    with app.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        return item.id, item.live_version.number


def version_fields(app, item_id: int) -> dict:
    """The new-version form as the page pre-fills it from the live version."""
    from admin.drafts import draft_from_version
    from app.extensions import db
    from app.models import ServiceItem

    with app.app_context():
        draft = draft_from_version(db.session.get(ServiceItem, item_id).live_version)
    return {
        "process_id": draft.process_id,
        "form_schema": draft.form_schema,
        "form_ui": draft.form_ui,
        "decision_forms": draft.decision_forms,
        "guide": draft.guide,
        "bpmn_name": [name for name, _ in draft.bpmn],
        "bpmn_text": [text for _, text in draft.bpmn],
        "action": "publish",
    }


def version_numbers(app, item_id: int) -> list[int]:
    from app.extensions import db
    from app.models import ItemVersion

    with app.app_context():
        stmt = select(ItemVersion.number).where(ItemVersion.item_id == item_id).order_by(ItemVersion.number)
        return list(db.session.scalars(stmt))


def submit_case(client, api_token, slug: str, sample: dict) -> str:
    body = {"data": sample, "submission_token": new_token()}
    response = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=api_token(client, "citizen"))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["tracking_number"]


def post_version(client, item_id: int, fields: dict, **files):
    url = f"/admin/authoring/{item_id}/new"
    data = dict(fields, csrf_token=csrf_token(client, url), **files)
    return client.post(url, data=data, content_type="multipart/form-data")


def problems_of(page: str) -> list[str]:
    block = page.split('id="publish-problems"', 1)[1].split("</div>", 1)[0]
    return [unescape(p) for p in re.findall(r"<li><code>(.*?)</code></li>", block, re.S)]


def test_item_page_shows_live_version_all_versions_and_running_cases(demo, client, login, api_token):
    slug, sample = demo_item("promised")
    item_id, _ = item_of(demo, slug)
    submit_case(client, api_token, slug, sample)
    login(client, "admin")
    index = client.get("/admin/authoring/").get_data(as_text=True)
    assert f"/admin/authoring/{item_id}/" in index
    page = client.get(f"/admin/authoring/{item_id}/").get_data(as_text=True)
    assert "第 1 版" in page and "在用" in page
    row = re.search(r'<tr data-version="1">.*?</tr>', page, re.S).group(0)
    assert '<td class="running">1</td>' in row
    assert "系统管理员" not in row  # loaded from the catalogue, not by a person
    assert "yc-bpmn-data" in page and "bpmn-navigated-viewer.production.min.js" in page


def test_publish_new_version_keeps_running_cases_on_their_version(demo, client, login, api_token):
    from app.extensions import db
    from app.models import Application

    slug, sample = demo_item("promised")
    item_id, _ = item_of(demo, slug)
    old_case = submit_case(client, api_token, slug, sample)
    login(client, "admin")
    fields = version_fields(demo, item_id)
    changed = re.sub(r'(<bpmn:process [^>]*name=")', r"\1第二版 ", fields["bpmn_text"][0], count=1)
    fields["bpmn_text"] = ["", *fields["bpmn_text"][1:]]  # the upload replaces the pasted file of the same name
    upload = (io.BytesIO(changed.encode()), fields["bpmn_name"][0])

    response = post_version(client, item_id, fields, bpmn_upload=upload)
    assert response.status_code == 302, problems_of(response.get_data(as_text=True))
    assert version_numbers(demo, item_id) == [1, 2]
    assert item_of(demo, slug)[1] == 2
    new_case = submit_case(client, api_token, slug, sample)
    with demo.app_context():
        versions = {a.tracking_number: a.item_version.number for a in db.session.scalars(select(Application)).unique()}
    assert versions == {old_case: 1, new_case: 2}

    page = client.get(f"/admin/authoring/{item_id}/").get_data(as_text=True)
    assert "已发布" in page and "第 2 版" in page
    for number, running in ((1, 1), (2, 1)):
        row = re.search(rf'<tr data-version="{number}">.*?</tr>', page, re.S).group(0)
        assert f'<td class="running">{running}</td>' in row
        assert ("系统管理员" in row) == (number == 2)


def test_broken_bpmn_lists_every_problem_and_stores_nothing(demo, client, login):
    slug, _ = demo_item("promised")
    item_id, _ = item_of(demo, slug)
    login(client, "admin")
    fields = version_fields(demo, item_id)
    fields["process_id"] = "unknown_department"
    fields["decision_forms"] = "{}"
    fields["bpmn_name"], fields["bpmn_text"] = [], []
    unknown = (DATA / "bpmn" / "broken_unknown_department.bpmn").read_bytes()
    uploads = [(io.BytesIO(unknown), "lanes.bpmn"), (io.BytesIO(b"<bpmn:definitions><oops"), "broken.bpmn")]
    with demo.app_context():
        from app.extensions import db
        from app.models import AuditEvent

        events_before = db.session.scalar(select(func.count()).select_from(AuditEvent))

    response = post_version(client, item_id, fields, bpmn_upload=uploads)
    assert response.status_code == 422
    problems = problems_of(response.get_data(as_text=True))
    assert any(p.startswith("lanes.bpmn: Lane_xxbm (xxbm)") and "department" in p for p in problems), problems
    assert any(p.startswith("lanes.bpmn: mystery_review (神秘部门审查)") for p in problems), problems
    assert any(p.startswith("broken.bpmn:") and "not well-formed" in p for p in problems), problems
    assert version_numbers(demo, item_id) == [1]
    assert item_of(demo, slug)[1] == 1
    with demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events_before
    # What the admin typed comes back so nothing is lost: the uploaded files are now on the page as text.
    page = response.get_data(as_text=True)
    assert 'value="lanes.bpmn"' in page and "mystery_review" in page


def test_invalid_json_names_line_and_column(demo, client, login):
    slug, _ = demo_item("promised")
    item_id, _ = item_of(demo, slug)
    login(client, "admin")
    fields = version_fields(demo, item_id)
    fields["form_schema"] = '{\n  "type": "object",\n  "properties": {,}\n}'
    fields["guide"] = "[1, 2"
    response = post_version(client, item_id, fields)
    assert response.status_code == 422
    problems = problems_of(response.get_data(as_text=True))
    assert any(p.startswith("form.schema.json: JSON 格式错误（第 3 行第 18 列）") for p in problems), problems
    assert any(p.startswith("办事指南: JSON 格式错误（第 1 行") for p in problems), problems
    assert version_numbers(demo, item_id) == [1]


def test_oversized_upload_is_refused(demo, client, login):
    from admin.drafts import MAX_UPLOAD_BYTES

    slug, _ = demo_item("promised")
    item_id, _ = item_of(demo, slug)
    login(client, "admin")
    huge = (io.BytesIO(b" " * (MAX_UPLOAD_BYTES + 1)), "huge.bpmn")
    response = post_version(client, item_id, version_fields(demo, item_id), bpmn_upload=huge)
    assert response.status_code == 422
    assert "huge.bpmn: 文件超过 5 MB 上限" in problems_of(response.get_data(as_text=True))
    assert version_numbers(demo, item_id) == [1]


def test_identical_content_is_not_published_again(demo, client, login):
    slug, _ = demo_item("promised")
    item_id, _ = item_of(demo, slug)
    login(client, "admin")
    response = post_version(client, item_id, version_fields(demo, item_id))
    assert response.status_code == 422
    assert "完全相同" in problems_of(response.get_data(as_text=True))[0]


SCHEMA = {"type": "object", "properties": {"shop_name": {"type": "string", "title": "店铺名称"}}}


def test_preview_renders_fields_or_lists_keyword_and_pointer(demo, client, login):
    login(client, "admin")
    token = csrf_token(client, "/")  # the logout form carries it
    good = client.post(
        "/admin/authoring/preview/", data={"csrf_token": token, "form_schema": json.dumps(SCHEMA), "form_ui": ""}
    )
    assert good.status_code == 200
    assert 'name="shop_name"' in good.get_data(as_text=True) and "店铺名称" in good.get_data(as_text=True)

    unsupported = dict(SCHEMA, patternProperties={"^x_": {"type": "string"}})
    bad = client.post("/admin/authoring/preview/", data={"csrf_token": token, "form_schema": json.dumps(unsupported)})
    assert bad.status_code == 422
    text = unescape(bad.get_data(as_text=True))
    assert "申请表：设置“patternProperties”在表单中无法使用" in text and " at /" not in text

    broken = client.post("/admin/authoring/preview/", data={"csrf_token": token, "form_schema": '{"type": }'})
    assert broken.status_code == 422 and "第 1 行第 10 列" in broken.get_data(as_text=True)
    assert client.post("/admin/authoring/preview/", data={"form_schema": "{}"}).status_code == 400  # no CSRF token


def test_preview_button_works_without_javascript(demo, client, login):
    slug, _ = demo_item("promised")
    item_id, _ = item_of(demo, slug)
    login(client, "admin")
    fields = dict(version_fields(demo, item_id), form_schema=json.dumps(SCHEMA), form_ui="{}", action="preview")
    response = post_version(client, item_id, fields)
    assert response.status_code == 200
    assert "name=&#34;shop_name&#34;" in response.get_data(as_text=True)  # inside the iframe's srcdoc
    assert version_numbers(demo, item_id) == [1]


def test_only_admins_may_author(demo, client, login):
    slug, _ = demo_item("promised")
    item_id, _ = item_of(demo, slug)
    assert client.get(f"/admin/authoring/{item_id}/").status_code == 302  # anonymous: to the login page
    login(client, "window")
    for url in ("/admin/authoring/", f"/admin/authoring/{item_id}/", f"/admin/authoring/{item_id}/new"):
        assert client.get(url).status_code == 403, url
    token = csrf_token(client, "/window")
    data = {"csrf_token": token, "form_schema": "{}"}
    assert client.post("/admin/authoring/preview/", data=data).status_code == 403
    assert client.post(f"/admin/authoring/{item_id}/new", data=dict(data, action="publish")).status_code == 403
    assert version_numbers(demo, item_id) == [1]


def test_case_diagram_marks_steps_from_tasks_and_audit(demo, client, login, api_token):
    slug, sample = demo_item("promised")
    number = submit_case(client, api_token, slug, sample)
    window = api_token(client, "window")
    [review] = client.get("/api/v1/tasks", headers=window).get_json()["tasks"]
    assert client.post(f"/api/v1/tasks/{review['id']}/complete", json={"data": {"decision": "accept"}}, headers=window)
    login(client, "window")
    case_page = client.get(f"/cases/{number}").get_data(as_text=True)
    assert f"/cases/{number}/diagram" in case_page
    page = client.get(f"/cases/{number}/diagram").get_data(as_text=True)
    data = [json.loads(unescape(m)) for m in re.findall(r'class="yc-bpmn-data">(.*?)</script>', page, re.S)]
    platform, approval = data[0]["markers"], data[1]["markers"]
    assert "window_review" in platform["done"] and "start_submitted" in platform["done"]
    assert platform["active"] == ["item_approval"]
    assert approval["waiting"] and not approval["done"]
    assert "one_window" in data[0]["xml"]


def test_citizens_cannot_see_the_staff_diagram(demo, client, login, api_token):
    slug, sample = demo_item("promised")
    number = submit_case(client, api_token, slug, sample)
    login(client, "citizen")
    assert client.get(f"/cases/{number}/diagram").status_code == 403


def test_a_publish_racing_another_admin_is_refused_cleanly(demo, client, login, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    import admin.publishing

    def raced(*args, **kwargs):
        raise IntegrityError("INSERT INTO item_version", {}, Exception("uq_item_version"))

    slug, _ = demo_item("promised")
    item_id, _ = item_of(demo, slug)
    login(client, "admin")
    monkeypatch.setattr(admin.publishing, "publish_item_version", raced)
    fields = dict(version_fields(demo, item_id), guide='{"fees": "不收费"}')
    response = post_version(client, item_id, fields)
    assert response.status_code == 422
    assert "另一位管理员刚刚发布" in problems_of(response.get_data(as_text=True))[0]
    assert version_numbers(demo, item_id) == [1]


def test_modeler_condition_check_names_unknown_fields_and_refused_constructs(demo, client, login):
    item_id, _ = item_of(demo, "11440199007495763G4442111007")  # 户外广告设施设置审批: area gateway
    login(client, "cgj-admin")
    page = client.get(f"/admin/authoring/{item_id}/new").get_data(as_text=True)
    settings = json.loads(unescape(re.search(r'id="modeler-settings">(.*?)</script>', page, re.S).group(1)))
    assert {"code": "cgj", "name": "区城市管理和综合执法局"} in settings["departments"]
    assert settings["ownDepartment"] == "cgj" and settings["decisionForms"]
    assert {a["id"] for a in settings["actions"]} == {"notify", "generate_document", "call_webhook"}
    fields = version_fields(demo, item_id)
    token = csrf_token(client, "/")

    def check(expression: str) -> list[str]:
        body = {"expression": expression, "form_schema": fields["form_schema"], "decision_forms": "{}", "bpmn": ""}
        response = client.post(settings["conditionUrl"], json=body, headers={"X-CSRFToken": token})
        assert response.status_code == 200
        return response.get_json()["problems"]

    assert check('form["area"] > 10') == []
    assert check('form["aera"] > 10') == ["申请表没有字段“aera”（是否应为“area”？）"]
    assert "不允许使用 open" in check("open('x')")[0]
    no_token = client.post(settings["conditionUrl"], json={"expression": "1"})
    assert no_token.status_code == 400
