"""Per-department visibility of a bundle case on every surface: each member's approvers see the shared section and
their own item's section only (task page, case view and its timeline, files, documents, the JSON API); the window
and supervisors see everything. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import io
import json
import re

from sqlalchemy import select

from tests.factories import DEMO, csrf_token

SLUG = "kaiban-canyindian"
SAMPLE = json.loads((DEMO / "bundles" / SLUG / "sample.json").read_text())
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
APPROVERS = ("scjg", "wsjk", "cgj")
OPINION = "招牌位置需避开消防通道（城管意见）"


def _apply(app, client) -> str:
    from app.extensions import db
    from app.models import ServiceItem
    from app.services.step_forms import application_form

    with app.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == SLUG))
        fields = dict(application_form(item.live_version).encode(SAMPLE).items(multi=True))
    page = client.get(f"/items/{SLUG}/apply").get_data(as_text=True)
    assert (
        "共同信息" in page and "公共场所卫生许可证核发" in page and "店铺门头招牌设置审批" in page
    )  # the shared section, then a section per item
    token = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    data = fields | {"csrf_token": csrf_token(client, f"/items/{SLUG}/apply"), "submission_token": token}
    data |= {
        "confirm": "1",
        "floor_plan": (io.BytesIO(PDF), "卫生设施平面图.pdf"),  # shared by the food and the hygiene licence
        "sign_design": (io.BytesIO(PDF), "招牌效果图.pdf"),  # the signboard's own
    }
    response = client.post(f"/items/{SLUG}/apply", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        from app.models import Application

        return db.session.scalars(select(Application.tracking_number)).one()


def _accept_and_decide_cgj(app, tracking_number):
    from app.extensions import db
    from app.models import HumanTask
    from app.services import cases
    from tests.integration.drive import user

    with app.app_context():
        application = cases.get_by_tracking_number(tracking_number)
        window = db.session.scalar(select(HumanTask).where(HumanTask.application_id == application.id))
        cases.complete_task(window.id, user("window"), {"decision": "accept", "reason": ""})
        db.session.commit()
        survey = db.session.scalar(
            select(HumanTask).where(HumanTask.application_id == application.id, HumanTask.lane == "cgj")
        )
        decision = {"approved": True, "opinion": OPINION}
        cases.complete_task(survey.id, user("cgj"), decision)
        db.session.commit()
        field_sight = application.item_version.field_sight
        tasks = {
            t.lane: t.id
            for t in db.session.scalars(select(HumanTask).where(HumanTask.application_id == application.id))
            if t.lane in APPROVERS
        }
        return field_sight, tasks, application.data["floor_plan"]["file_id"], application.data["sign_design"]["file_id"]


def _own_fields(field_sight, department):
    return {
        name
        for name, section in field_sight["fields"].items()
        if department in field_sight["sections"][section]["departments"]
    }


def _telltales(field_sight, fields):
    """Texts only these fields put on a page: their values typed in Chinese (choices show titles, not values)."""
    values = []
    for name in fields:
        value = SAMPLE.get(name)
        if isinstance(value, str) and re.search(r"[\u4e00-\u9fff]", value):
            values.append(value)
    return values


def test_each_department_sees_only_the_shared_section_and_its_own_items(demo, client, login, api_token):
    login(client, "citizen")
    tracking_number = _apply(demo, client)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    field_sight, tasks, floor_plan, sign_design = _accept_and_decide_cgj(demo, tracking_number)
    all_fields = set(field_sight["fields"])
    assert field_sight["fields"]["floor_plan"] == "shared"  # one upload for two members
    assert {"sign_text", "venue_type", "food_category", "sign_design", "food_safety_officer"} <= all_fields

    for department in APPROVERS:
        visible = _own_fields(field_sight, department)
        hidden = all_fields - visible
        assert hidden, department
        login(client, department)
        pages = {
            "task": client.get(f"/tasks/{tasks[department]}"),
            "case": client.get(f"/cases/{tracking_number}"),
        }
        for surface, page in pages.items():
            assert page.status_code == 200, (department, surface)
            text = page.get_data(as_text=True)
            for telltale in _telltales(field_sight, hidden):
                assert telltale not in text, (department, surface, telltale)
            assert "卫生设施平面图.pdf" in text, (department, surface)  # the shared material
            assert ("招牌效果图.pdf" in text) == (department == "cgj"), (department, surface)
            if surface == "case":  # the timeline: another department's opinion is not shown
                assert (OPINION in text) == (department == "cgj"), (department, surface)
            assert "/documents/" not in text  # the receipt carries the whole application
        assert client.get(f"/files/{floor_plan}").status_code == 200, department
        assert client.get(f"/files/{sign_design}").status_code == (200 if department == "cgj" else 404), department
        answer = client.get(f"/api/v1/applications/{tracking_number}", headers=api_token(client, department))
        assert answer.status_code == 200
        uploads = {"floor_plan"} | ({"sign_design"} & visible)
        assert set(answer.get_json()["data"]) == visible & set(SAMPLE) | uploads, department
        assert [i["code"] for i in answer.get_json()["items"]] == [
            "11440199007495325U4442118020",
            "11440199007495413A4442111004",
            "11440199007495763G4442111020",
        ]
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})

    assert {"湘楚人家", "李小梅"} <= set(_telltales(field_sight, all_fields))
    for everyone in ("window", "supervisor"):
        login(client, everyone)
        text = client.get(f"/cases/{tracking_number}").get_data(as_text=True)
        for telltale in _telltales(field_sight, all_fields):
            assert telltale in text, (everyone, telltale)
        assert OPINION in text and "卫生设施平面图.pdf" in text and "招牌效果图.pdf" in text
        assert client.get(f"/files/{floor_plan}").status_code == 200
        assert client.get(f"/files/{sign_design}").status_code == 200
        answer = client.get(f"/api/v1/applications/{tracking_number}", headers=api_token(client, everyone))
        assert set(answer.get_json()["data"]) == set(SAMPLE) | {"floor_plan", "sign_design"}
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
