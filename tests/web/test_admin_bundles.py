"""Composing a bundle in the admin: choose published members, see the merged form and orchestration before it goes
live, a conflict refused with the field named, publish, and the bundle marked stale when a member republishes."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import csrf_token

FOOD, HYGIENE, SIGN, ADVERT = (
    "11440199007495325U4442118020",
    "11440199007495413A4442111004",
    "11440199007495763G4442111020",
    "11440199007495763G4442111007",
)


def _item_ids(app, *codes):
    from app.extensions import db
    from app.models import ServiceItem

    with app.app_context():
        ids = dict(
            db.session.execute(select(ServiceItem.code, ServiceItem.id).where(ServiceItem.code.in_(codes))).all()
        )
        return [str(ids[c]) for c in codes]


def _new_bundle(client) -> str:
    token = csrf_token(client, "/admin/bundles/new")
    page = client.get("/admin/bundles/new").get_data(as_text=True)
    department = re.search(r'<option value="(\d+)">', page).group(1)
    response = client.post(
        "/admin/bundles/new",
        data={
            "csrf_token": token,
            "name": "开办小吃店",
            "code": "YJS-TEST-XCD",
            "slug": "kaiban-xiaochidian",
            "life_event": "企业开办",
            "department_id": department,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _compose(client, url, members, **extra):
    data = {"csrf_token": csrf_token(client, url), "member": members, "life_event": "企业开办", **extra}
    assert client.post(url, data=data).status_code == 302
    return client.get(url).get_data(as_text=True)


def test_department_admin_composes_previews_and_publishes_a_bundle(demo, client, login):
    login(client, "scjg-admin")
    url = _new_bundle(client)
    page = _compose(client, url, _item_ids(demo, FOOD, HYGIENE, ADVERT))
    assert 'id="conflicts"' in page and "经营面积" in page and "广告设施面积" in page and 'id="publish"' not in page

    page = _compose(client, url, _item_ids(demo, FOOD, HYGIENE, SIGN))
    assert 'id="conflicts"' not in page
    sections = re.search(r'<ul id="sections">(.*?)</ul>', page, re.S).group(1)
    assert "共同信息" in sections and "floor_plan" in sections  # the shared material is asked once
    assert "店铺门头招牌设置审批" in sections and "sign_text" in sections
    assert "各部门并联审批" in page and "承诺10个工作日" in page
    assert 'name="sign_text"' in page  # the merged form itself

    response = client.post(url + "/publish", data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    listing = client.get("/admin/bundles/").get_data(as_text=True)
    assert "开办小吃店" in listing and "在用" in listing

    api = client.get("/api/v1/bundles").get_json()["bundles"]
    mine = next(b for b in api if b["slug"] == "kaiban-xiaochidian")
    assert mine["promised_days"] == 10 and mine["stale_members"] == []
    names = [m["name"] for m in mine["guide"]["materials"]]
    assert names.count("法定代表人或者负责人身份证明") == 1  # duplicates merged


def test_a_member_publishing_again_makes_the_live_bundle_stale(demo, client, login):
    from app.extensions import db
    from app.models import ServiceItem
    from app.services.bundles import get_bundle_by_slug, live_bundle_version, stale_members
    from app.services.catalog import ItemContent, publish_item_version

    with demo.app_context():
        before = live_bundle_version(get_bundle_by_slug("kaiban-canyindian")).item_version_id
        sign = db.session.scalar(select(ServiceItem).where(ServiceItem.code == SIGN))
        live = sign.live_version
        content = ItemContent(
            live.process_id,
            live.form_schema,
            live.form_ui,
            live.decision_forms,
            live.bpmn_files,
            {**live.guide, "phone": "020-8606 5521"},
        )
        publish_item_version(sign, content, actor=None)
        db.session.commit()
        bundle = get_bundle_by_slug("kaiban-canyindian")
        assert stale_members(bundle) == ["店铺门头招牌设置审批"]
        assert bundle.item.live_version_id == before  # the live bundle version stays until republished
    login(client, "scjg-admin")
    assert "需重新发布" in client.get("/admin/bundles/").get_data(as_text=True)


def test_the_departments_taking_part_manage_the_bundle_and_no_other(demo, client, login):
    """Issue 18: a department admin manages the bundles they take part in. 开办餐饮店 is led by 市场监管 with a
    城管 member: the 城管 admin sees it and may republish it (their signboard item changes); 人社 takes no part."""
    from app.extensions import db
    from app.models import Bundle

    with demo.app_context():
        bundle_id = db.session.scalar(select(Bundle.id))
    login(client, "rsj-admin")
    assert "开办餐饮店" not in client.get("/admin/bundles/").get_data(as_text=True)
    assert client.get(f"/admin/bundles/{bundle_id}").status_code == 404
    assert (
        client.post(f"/admin/bundles/{bundle_id}/publish", data={"csrf_token": csrf_token(client, "/")}).status_code
        == 404
    )
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "cgj-admin")
    assert "开办餐饮店" in client.get("/admin/bundles/").get_data(as_text=True)
    page = client.get(f"/admin/bundles/{bundle_id}")
    assert page.status_code == 200 and 'id="publish"' in page.get_data(as_text=True)


def test_a_department_admin_composes_only_bundles_with_their_own_item(demo, client, login):
    login(client, "scjg-admin")
    url = _new_bundle(client)
    page = _compose(client, url, _item_ids(demo, HYGIENE, SIGN))  # 卫健 and 城管 only: not scjg's to compose
    assert "一件事须包含本部门的事项" in page
    assert 'id="publish"' not in page
