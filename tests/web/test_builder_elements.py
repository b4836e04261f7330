"""Data elements in the form builder and the admin's publish: drafts keep references, the builder adds them,
publishing expands them, and an unknown element is refused naming the field."""

from __future__ import annotations

import json
import re
from html import unescape

from sqlalchemy import select

from tests.factories import csrf_token, demo_item
from tests.web.test_form_builder import _draft, _item_id, _post, _publish


def test_a_draft_keeps_references_and_the_builder_adds_an_element(demo, client, login):
    slug, _ = demo_item("promised")
    item_id = _item_id(demo, slug)
    login(client, "wsjk-admin")
    token = csrf_token(client, f"/admin/drafts/{item_id}/")
    client.post(f"/admin/drafts/{item_id}/start", data={"csrf_token": token, "source": "live"})
    draft, _ = _draft(demo, item_id)
    schema = json.loads(draft.form_schema)
    assert schema["properties"]["applicant"]["properties"]["id_number"] == {"$ref": "element:cn-resident-id"}

    page = unescape(client.get(f"/admin/drafts/{item_id}/form").get_data(as_text=True))
    assert 'id="builder-readonly"' not in page  # the builder shows element fields
    assert (
        "数据元 cn-resident-id" in page and '<option value="element:business-area">数据元：经营面积（平方米）' in page
    )
    response = _post(client, item_id, token, demo, op="add", kind="element:residential-address", label="法定代表人住址")
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[-2000:]
    draft, _ = _draft(demo, item_id)
    added = json.loads(draft.form_schema)["properties"]["residential_address"]
    assert added == {"$ref": "element:residential-address", "title": "法定代表人住址"}

    response = _publish(client, item_id, token, demo)
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[-3000:]
    from app.extensions import db
    from app.models import ServiceItem

    with demo.app_context():
        version = db.session.get(ServiceItem, item_id).live_version
        field = version.form_schema["properties"]["residential_address"]
        assert field["x-element"] == "residential-address" and field["title"] == "法定代表人住址"
        assert field["maxLength"] == 150
        assert version.authored_form["properties"]["residential_address"] == added


def test_publishing_a_draft_with_an_unknown_element_names_the_field(demo, client, login):
    slug, _ = demo_item("promised")
    item_id = _item_id(demo, slug)
    login(client, "wsjk-admin")
    token = csrf_token(client, f"/admin/drafts/{item_id}/")
    client.post(f"/admin/drafts/{item_id}/start", data={"csrf_token": token, "source": "live"})
    assert _post(client, item_id, token, demo, op="add", kind="element:no-such-thing", label="x").status_code == 422
    draft, revision = _draft(demo, item_id)
    schema = json.loads(draft.form_schema)
    schema["properties"]["applicant"]["properties"]["mobile"] = {"$ref": "element:cn-mobil", "title": "联系电话"}
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
    text = unescape(response.get_data(as_text=True))
    assert "申请表字段“联系电话”（applicant.mobile）引用的数据元“cn-mobil”不存在" in text
    from app.extensions import db
    from app.models import ItemVersion

    with demo.app_context():
        assert db.session.scalar(select(ItemVersion.number).where(ItemVersion.item_id == item_id)) == 1
    assert re.search(r"cn-mobil", text)
