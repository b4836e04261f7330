"""An item that is not in a bundle declares per-department field visibility the same way: each department's steps
see only the fields its item declares for it (the JSON API here; the pages use the same rule)."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import demo_item, new_token

SIGHT = {
    "fields": {"guest_rooms": "rooms", "catering_area": "catering", "food_category": "catering"},
    "sections": {
        "rooms": {"title": "住宿", "departments": ["wsjk"]},
        "catering": {"title": "餐饮", "departments": ["scjg"]},
    },
}


def test_a_joint_items_departments_see_the_fields_declared_for_them(demo, client, api_token):
    from app.extensions import db
    from app.models import ServiceItem
    from app.services.catalog import ItemContent, publish_item_version

    slug, sample = demo_item("joint")
    with demo.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        live = item.live_version
        content = ItemContent(
            live.process_id, live.form_schema, live.form_ui, live.decision_forms, live.bpmn_files, live.guide, SIGHT
        )
        publish_item_version(item, content, actor=None)
        db.session.commit()
    body = {"data": sample, "submission_token": new_token()}
    number = client.post(
        f"/api/v1/items/{slug}/applications", json=body, headers=api_token(client, "citizen")
    ).get_json()["tracking_number"]
    window = api_token(client, "window")
    [review] = client.get("/api/v1/tasks", headers=window).get_json()["tasks"]
    client.post(f"/api/v1/tasks/{review['id']}/complete", json={"data": {"decision": "accept"}}, headers=window)
    seen = {
        who: set(client.get(f"/api/v1/applications/{number}", headers=api_token(client, who)).get_json()["data"])
        for who in ("scjg", "wsjk", "window")
    }
    assert seen["window"] == set(sample)
    assert seen["scjg"] == set(sample) - {"guest_rooms"}
    assert seen["wsjk"] == set(sample) - {"catering_area", "food_category"}
