"""The form builder without JavaScript: every operation is a form post on the server-side draft."""

from __future__ import annotations

import json
import re
from html import unescape

from sqlalchemy import select

from tests.factories import csrf_token, demo_item


def _item_id(app, slug: str) -> int:
    from app.extensions import db
    from app.models import ServiceItem

    with app.app_context():
        return db.session.scalar(select(ServiceItem.id).where(ServiceItem.slug == slug))


def _draft(app, item_id: int):
    from admin.draft_store import as_draft, draft_of
    from app.extensions import db
    from app.models import ServiceItem

    with app.app_context():
        row = draft_of(db.session.get(ServiceItem, item_id))
        return (as_draft(row), row.revision) if row else (None, None)


def _post(client, item_id: int, token: str, app, **data):
    _, revision = _draft(app, item_id)
    data = {"csrf_token": token, "revision": revision, "target": "form", **data}
    return client.post(f"/admin/drafts/{item_id}/form", data=data)


def test_build_a_form_field_by_field_without_javascript(demo, client, login):
    slug, _ = demo_item("promised")
    item_id = _item_id(demo, slug)
    login(client, "admin")
    token = csrf_token(client, f"/admin/drafts/{item_id}/")
    assert (
        client.post(f"/admin/drafts/{item_id}/start", data={"csrf_token": token, "source": "blank"}).status_code == 302
    )
    page = client.get(f"/admin/drafts/{item_id}/form").get_data(as_text=True)
    assert "0 个字段" in page

    for kind, label in (("text", "店名"), ("boolean", "是否连锁"), ("text", "总店名称"), ("number", "面积")):
        response = _post(client, item_id, token, demo, op="add", kind=kind, label=label)
        assert response.status_code == 302, unescape(response.get_data(as_text=True))[:2000]
    edit = {"op": "update", "path": "text_3", "name": "head_office", "label": "总店名称", "required": "on"}
    response = _post(client, item_id, token, demo, **edit, cond_field="boolean_2", cond_op="eq", cond_value="true")
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[:3000]
    area = {"op": "update", "path": "number_4", "name": "area", "label": "面积", "unit": "平方米", "minimum": "1"}
    assert _post(client, item_id, token, demo, **area).status_code == 302
    assert _post(client, item_id, token, demo, op="up", path="area").status_code == 302

    draft, _ = _draft(demo, item_id)
    schema, ui = json.loads(draft.form_schema), json.loads(draft.form_ui)
    assert list(schema["properties"]) == ["text_1", "boolean_2", "area"]
    assert schema["properties"]["area"] == {
        "type": "number",
        "title": "面积（平方米）",
        "x-unit": "平方米",
        "minimum": 1,
    }
    assert schema["if"] == {"properties": {"boolean_2": {"const": True}}, "required": ["boolean_2"]}
    assert schema["then"]["required"] == ["head_office"]
    assert ui["ui:order"] == ["text_1", "boolean_2", "area", "head_office"]

    page = unescape(client.get(f"/admin/drafts/{item_id}/form").get_data(as_text=True))
    assert "仅当“是否连锁”等于“是”时显示" in page
    assert 'name="head_office"' in page  # in the preview's srcdoc

    # Removing a field others depend on is refused, naming them; nothing changes.
    refused = _post(client, item_id, token, demo, op="remove", path="boolean_2")
    assert refused.status_code == 422
    assert "“总店名称”仅在“是否连锁”满足条件时显示" in unescape(refused.get_data(as_text=True))
    assert json.loads(_draft(demo, item_id)[0].form_schema) == schema


def test_a_stale_revision_is_refused_and_names_who_saved(demo, client, login):
    slug, _ = demo_item("promised")
    item_id = _item_id(demo, slug)
    login(client, "admin")
    token = csrf_token(client, f"/admin/drafts/{item_id}/")
    client.post(f"/admin/drafts/{item_id}/start", data={"csrf_token": token, "source": "blank"})
    _, revision = _draft(demo, item_id)
    assert _post(client, item_id, token, demo, op="add", kind="text", label="一").status_code == 302
    stale = client.post(
        f"/admin/drafts/{item_id}/form",
        data={"csrf_token": token, "revision": revision, "target": "form", "op": "add", "kind": "text", "label": "二"},
    )
    assert stale.status_code == 409
    assert "系统管理员" in unescape(stale.get_data(as_text=True)) and "没有保存" in stale.get_data(as_text=True)
    assert list(json.loads(_draft(demo, item_id)[0].form_schema)["properties"]) == ["text_1"]


def test_a_form_the_builder_cannot_show_opens_read_only(demo, client, login):
    slug, _ = demo_item("promised")
    item_id = _item_id(demo, slug)
    login(client, "admin")
    token = csrf_token(client, f"/admin/drafts/{item_id}/")
    client.post(f"/admin/drafts/{item_id}/start", data={"csrf_token": token, "source": "blank"})
    draft, revision = _draft(demo, item_id)
    schema = {"type": "object", "properties": {"a": {"type": "string", "$comment": "x"}}}
    fields = {
        "csrf_token": token,
        "revision": revision,
        "action": "save",
        "process_id": draft.process_id,
        "form_schema": json.dumps(schema),
        "form_ui": "{}",
        "decision_forms": draft.decision_forms,
        "guide": draft.guide,
        "bpmn_name": [n for n, _ in draft.bpmn],
        "bpmn_text": [t for _, t in draft.bpmn],
    }
    assert client.post(f"/admin/authoring/{item_id}/new", data=fields).status_code == 302
    page = unescape(client.get(f"/admin/drafts/{item_id}/form").get_data(as_text=True))
    assert 'id="builder-readonly"' in page and "$comment" in page
    assert "添加字段" not in re.sub(r"<details.*?</details>", "", page, flags=re.S)


def _publish(client, item_id: int, token: str, app):
    _, revision = _draft(app, item_id)
    return client.post(f"/admin/drafts/{item_id}/publish", data={"csrf_token": token, "revision": revision})


def test_diff_between_versions_names_the_changed_field_by_its_label(demo, client, login):
    slug, _ = demo_item("promised")
    item_id = _item_id(demo, slug)
    login(client, "admin")
    token = csrf_token(client, f"/admin/drafts/{item_id}/")
    client.post(f"/admin/drafts/{item_id}/start", data={"csrf_token": token, "source": "live"})
    draft, _ = _draft(demo, item_id)
    name, field = next(
        (n, f) for n, f in json.loads(draft.form_schema)["properties"].items() if f.get("type") == "integer"
    )
    edit = {"op": "update", "path": name, "name": name, "label": field["title"], "minimum": "2", "required": "on"}
    assert _post(client, item_id, token, demo, **edit).status_code == 302
    assert _post(client, item_id, token, demo, op="add", kind="mobile", label="备用联系电话").status_code == 302
    response = _publish(client, item_id, token, demo)
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[-3000:]
    assert _draft(demo, item_id) == (None, None)  # the draft became version 2

    from app.extensions import db
    from app.models import ItemVersion

    with demo.app_context():
        ids = list(db.session.scalars(select(ItemVersion.id).where(ItemVersion.item_id == item_id).order_by("number")))
    page = unescape(client.get(f"/admin/authoring/{item_id}/diff?a={ids[0]}&b={ids[1]}").get_data(as_text=True))
    fields = page.split('id="diff-fields"', 1)[1].split("</ul>\n</ul>", 1)[0]
    assert f"申请表 › {field['title']}" in fields
    assert f"最小值：{field.get('minimum', '（无）')} → 2" in fields
    assert "申请表 › 备用联系电话" in fields and "新增" in fields
    assert f"/properties/{name}" not in page


def test_publish_problems_name_the_field_label_in_chinese(demo, client, login):
    slug, _ = demo_item("promised")
    item_id = _item_id(demo, slug)
    login(client, "admin")
    token = csrf_token(client, f"/admin/drafts/{item_id}/")
    client.post(f"/admin/drafts/{item_id}/start", data={"csrf_token": token, "source": "live"})
    draft, revision = _draft(demo, item_id)
    schema = json.loads(draft.form_schema)
    schema["properties"]["guest_rooms"] = {"type": ["integer", "string"], "title": "客房数（间）"}
    fields = {
        "csrf_token": token,
        "revision": revision,
        "action": "save",
        "process_id": draft.process_id,
        "form_schema": json.dumps(schema, ensure_ascii=False),
        "form_ui": draft.form_ui,
        "decision_forms": draft.decision_forms,
        "guide": draft.guide,
        "bpmn_name": [n for n, _ in draft.bpmn],
        "bpmn_text": [t for _, t in draft.bpmn],
    }
    assert client.post(f"/admin/authoring/{item_id}/new", data=fields).status_code == 302
    response = _publish(client, item_id, token, demo)
    assert response.status_code == 422
    problems = re.findall(r"<li><code>(.*?)</code></li>", unescape(response.get_data(as_text=True)), re.S)
    assert any(p.startswith("申请表 › 字段“客房数（间）”：") for p in problems), problems
    assert not any(re.search(r"[A-Za-z]{4,} [a-z]{3,}", p) for p in problems), problems  # no English sentences


def test_a_deep_link_opened_logged_out_returns_there_after_login(demo, client):
    slug, _ = demo_item("promised")
    item_id = _item_id(demo, slug)
    response = client.get(f"/admin/drafts/{item_id}/form?target=form")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    login_page = response.headers["Location"]
    token = csrf_token(client, login_page)
    back = client.post(login_page, data={"username": "scjg-admin", "password": "demo1234", "csrf_token": token})
    assert back.status_code == 302
    assert back.headers["Location"].endswith(f"/admin/drafts/{item_id}/form?target=form")


def test_two_admins_on_one_draft_are_told_about_each_other(demo, client, login, app):
    slug, _ = demo_item("joint")  # scjg's item: its department admin and the platform admin both may edit it
    item_id = _item_id(demo, slug)
    login(client, "scjg-admin")
    token = csrf_token(client, f"/admin/drafts/{item_id}/")
    client.post(f"/admin/drafts/{item_id}/start", data={"csrf_token": token, "source": "live"})
    assert 'id="other-editors"' not in client.get(f"/admin/drafts/{item_id}/form").get_data(as_text=True)

    other = app.test_client()
    login(other, "admin")
    page = unescape(other.get(f"/admin/drafts/{item_id}/form").get_data(as_text=True))
    assert 'id="other-editors"' in page and "冯管理（市场监管局管理员）" in page
    mine = unescape(client.get(f"/admin/drafts/{item_id}/guide").get_data(as_text=True))
    assert "系统管理员" in mine.split('id="other-editors"', 1)[1].split("</div>", 1)[0]
