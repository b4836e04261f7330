"""A department admin walks every admin URL (the app's own url_map under /admin) and posts to every one of them,
and reaches neither another department's items, nor users and roles, nor platform settings."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from tests.factories import csrf_token, demo_item, new_token

OWN = "scjg"  # scjg-admin's department
OTHER_SLUG = "11440199007495173F4442120003"  # 城乡居民基本养老保险参保登记, an rsj item
INCIDENT = "SENTINEL-另一部门的故障"
# Endpoints (blueprint part) a department admin may open at all; everything else under /admin is the platform's.
DEPARTMENT_ENDPOINTS = {
    "admin",
    "serviceitem",
    "itemversion",
    "incidents",
    "authoring",
    "authoring_preview",
    "authoring_modeler",
    "drafts",
    "bundles",
    "dataelement",  # every element is listed (forms reference any); only the own department's may be changed
}
OTHER_BUNDLE = "SENTINEL-人社牵头的一件事"


def _other_department_world(app, client, api_token) -> dict[str, Any]:
    """Ids and names the scjg admin must never see or change: an rsj item, its version, a case with an incident."""
    from app.extensions import db
    from app.models import Application, Department, ServiceItem, User

    slug, sample = demo_item("immediate")
    assert slug == OTHER_SLUG
    body = {"data": sample, "submission_token": new_token()}
    response = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=api_token(client, "citizen"))
    assert response.status_code == 201, response.get_json()
    with app.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        case = db.session.scalar(select(Application).where(Application.item_version_id == item.live_version_id))
        case.incident = INCIDENT
        db.session.commit()
        departments = {d.code: d.id for d in db.session.scalars(select(Department))}
        users = {u.username: u.id for u in db.session.scalars(select(User))}
        bundle = _other_department_bundle(item)
        db.session.commit()
        return {
            "bundle": bundle.id,
            "item": item.id,
            "version": item.live_version_id,
            "case": case.id,
            "texts": [item.name, item.code, item.department.name, INCIDENT, "钱审批", "系统管理员", OTHER_BUNDLE],
            "departments": departments,
            "users": users,
        }


def _other_department_bundle(item: Any) -> Any:
    """A bundle the rsj department leads (its own item and a zjj one), published."""
    from app.extensions import db
    from app.models import ServiceItem
    from app.services.bundles import create_bundle, publish_bundle

    other = db.session.scalar(select(ServiceItem).where(ServiceItem.code == "11440199007495683W4442111015"))
    bundle = create_bundle(
        code="YJS-SENTINEL",
        slug="sentinel-bundle",
        name=OTHER_BUNDLE,
        department=item.department,
        members=[item, other],
    )
    publish_bundle(bundle, actor=None)
    return bundle


def _snapshot(app) -> dict[str, Any]:
    from app.extensions import db
    from app.models import Application, DataElement, Department, ItemDraft, ItemVersion, ServiceItem, User

    with app.app_context():
        db.session.expire_all()
        return {
            "items": sorted(
                (i.code, i.name, i.department_id, i.live_version_id, i.promised_days)
                for i in db.session.scalars(select(ServiceItem))
            ),
            "versions": sorted((v.item_id, v.number, v.retired_at) for v in db.session.scalars(select(ItemVersion))),
            "users": sorted(
                (u.username, u.display_name, u.department_id, u.active, tuple(sorted(u.roles)))
                for u in db.session.scalars(select(User))
            ),
            "departments": sorted((d.code, d.name) for d in db.session.scalars(select(Department))),
            "incidents": sorted((a.id, a.incident) for a in db.session.scalars(select(Application))),
            "drafts": sorted((d.item_id, d.revision) for d in db.session.scalars(select(ItemDraft))),
            "elements": sorted(
                (e.key, e.label, e.department_id, json.dumps(e.schema, sort_keys=True))
                for e in db.session.scalars(select(DataElement))
            ),
        }


def _rules(app) -> list[Any]:
    return sorted((r for r in app.url_map.iter_rules() if r.rule.startswith("/admin")), key=lambda r: r.rule)


def _urls(rule, world: dict[str, Any]) -> list[str]:
    """The rule's URL for every out-of-scope object its parameters could name."""
    values = {
        "item_id": [world["item"]],
        "version_id": [world["version"]],
        "export_type": ["csv"],
        "year": [2027],  # the calendar is platform-wide: no year is a department admin's
        "filename": ["admin/css/bootstrap4/admin.css"],
        # documents, their templates and the outbox are platform settings: no id is a department admin's
        "document_id": [1],
        "template_id": [1],
        "kind": ["certificate"],
        "bundle_id": [world["bundle"]],
    }
    missing = [a for a in rule.arguments if a not in values]
    assert not missing, f"teach this test what {rule.rule} takes for {missing}: an object of another department"
    combos: list[dict[str, Any]] = [{}]
    for argument in rule.arguments:
        combos = [dict(c, **{argument: v}) for c in combos for v in values[argument]]
    urls = []
    for combo in combos:
        url = rule.rule
        for name, value in combo.items():
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(value), url)
        urls.append(url)
    return urls


def _row_ids(endpoint: str, world: dict[str, Any]) -> list[int]:
    """The ids a Flask-Admin view's ?id= / rowid could name: another department's rows, or any user/department."""
    view = endpoint.split(".")[0]
    return {
        "serviceitem": [world["item"]],
        "itemversion": [world["version"]],
        "incidents": [world["case"]],
    }.get(view, [*world["users"].values(), *world["departments"].values(), world["item"]])


def _hostile_post(token: str, row_id: int, world: dict[str, Any]) -> dict[str, Any]:
    own = world["departments"][OWN]
    return {
        "csrf_token": token,
        "id": str(row_id),
        "list_form_pk": str(row_id),
        "rowid": [str(row_id)],
        "action": "delete",
        "url": "/admin/",
        "name": "被改名",
        "code": "HACKED",
        "slug": "hacked",
        "kind": "promised",
        "department": str(own),
        "promised_days": "99",
        "statutory_days": "99",
        "username": "hacker",
        "display_name": "hacker",
        "active": "",
        "form_schema": '{"type": "object", "properties": {}}',
        "process_id": "x",
    }


@pytest.fixture
def scoped(demo, client, login, api_token):
    world = _other_department_world(demo, client, api_token)
    login(client, f"{OWN}-admin")
    return world


def test_department_admin_reaches_no_other_department_users_or_settings(demo, client, scoped):
    world = scoped
    before = _snapshot(demo)
    token = csrf_token(client, "/")
    opened: list[str] = []
    for rule in _rules(demo):
        view = rule.endpoint.split(".")[0]
        for url in _urls(rule, world):
            if "GET" in rule.methods:
                for row_id in _row_ids(rule.endpoint, world):
                    response = client.get(f"{url}?id={row_id}&name=department&query=")
                    page = response.get_data(as_text=True)
                    if view not in DEPARTMENT_ENDPOINTS:
                        assert response.status_code == 403, (url, response.status_code)
                    for text in world["texts"]:
                        assert text not in page, (url, row_id, text)
                    opened.append(url)
            if "POST" in rule.methods:
                for row_id in _row_ids(rule.endpoint, world):
                    response = client.post(f"{url}?id={row_id}", data=_hostile_post(token, row_id, world))
                    if view not in DEPARTMENT_ENDPOINTS:
                        assert response.status_code == 403, (url, response.status_code)
                    else:
                        assert response.status_code in (200, 302, 400, 403, 404, 422), (url, response.status_code)
                    for text in world["texts"]:
                        assert text not in response.get_data(as_text=True), (url, row_id, text)
    assert len(opened) > 20
    after = _snapshot(demo)
    # The only change allowed: the new item the post to the create page made in the admin's own department (they
    # create their department's items). The hostile posts name the admin's own department; none may move, create,
    # rename, delete or retry anything outside it, and users/roles/departments stay as they were.
    created = [i for i in after["items"] if i not in before["items"]]
    assert created == [("HACKED", "被改名", world["departments"][OWN], None, 99)]
    after["items"] = before["items"]
    assert after == before


def test_department_admin_sees_and_authors_own_items_only(demo, client, scoped):
    from app.extensions import db
    from app.models import Department, ServiceItem

    with demo.app_context():
        own = list(db.session.scalars(select(ServiceItem).join(ServiceItem.department).where(Department.code == OWN)))
    assert own
    index = client.get("/admin/authoring/").get_data(as_text=True)
    for item in own:
        if item.kind == "bundle":  # composed at /admin/bundles/, never authored as an item
            assert client.get(f"/admin/authoring/{item.id}/new").status_code == 404
            continue
        assert item.name in index
        assert client.get(f"/admin/authoring/{item.id}/new").status_code == 200
    assert client.get(f"/admin/authoring/{scoped['item']}/new").status_code == 404
    listing = client.get("/admin/serviceitem/").get_data(as_text=True)
    assert own[0].code in listing and scoped["texts"][1] not in listing
    # The edit form offers the admin's own department only, so an item cannot be given away or taken.
    edit = client.get(f"/admin/serviceitem/edit/?id={own[0].id}").get_data(as_text=True)
    assert "区市场监督管理局" in edit and "区人力资源和社会保障局" not in edit
    give_away = {
        "csrf_token": csrf_token(client, "/"),
        "code": own[0].code,
        "slug": own[0].slug,
        "name": own[0].name,
        "kind": own[0].kind,
        "department": str(scoped["departments"]["rsj"]),
        "statutory_days": "1",
        "promised_days": "1",
    }
    client.post(f"/admin/serviceitem/edit/?id={own[0].id}", data=give_away)
    with demo.app_context():
        assert db.session.get(ServiceItem, own[0].id).department_id == scoped["departments"][OWN]


def test_platform_admin_still_sees_everything(demo, client, login, api_token):
    world = _other_department_world(demo, client, api_token)
    login(client, "admin")
    assert client.get("/admin/user/").status_code == 200
    assert INCIDENT in client.get("/admin/incidents/").get_data(as_text=True)
    assert client.get(f"/admin/authoring/{world['item']}/new").status_code == 200
    listing = client.get("/admin/serviceitem/").get_data(as_text=True)
    assert world["texts"][1] in listing


def test_anonymous_visitor_is_sent_to_login_with_the_way_back(demo, client):
    response = client.get("/admin/serviceitem/?page=1")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]
    assert "serviceitem" in response.headers["Location"]
