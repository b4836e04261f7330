"""The data element admin pages: list, search, create, edit, see who uses each; department admins change only
their own department's elements."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import csrf_token

NEW = {
    "key": "food-licence-number",
    "label": "食品经营许可证编号",
    "label_en": "Food business licence number",
    "help": "JY开头的14位编号",
    "schema": '{"type": "string", "pattern": "^JY[0-9]{14}$"}',
    "prefill": "latest_case",
    "personal": "",
}


def element(app, key: str):
    from app.extensions import db
    from app.models import DataElement

    with app.app_context():
        found = db.session.scalar(select(DataElement).where(DataElement.key == key))
        if found is not None:
            db.session.expunge(found)
        return found


def test_list_search_and_see_which_items_use_an_element(demo, client, login):
    login(client, "admin")
    page = client.get("/admin/dataelement/").get_data(as_text=True)
    assert "cn-resident-id" in page and "身份证号码" in page
    assert "公共场所卫生许可证核发（applicant.id_number）" in page  # who uses it, with the field
    found = client.get("/admin/dataelement/?search=信用代码").get_data(as_text=True)
    assert "cn-credit-code" in found and "cn-resident-id" not in found


def test_department_admin_creates_an_element_for_their_department(demo, client, login):
    login(client, "scjg-admin")
    url = "/admin/dataelement/new/"
    response = client.post(url, data=NEW | {"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302, response.get_data(as_text=True)
    created = element(demo, "food-licence-number")
    assert created.label == "食品经营许可证编号" and created.prefill == "latest_case"
    assert created.schema == {"type": "string", "pattern": "^JY[0-9]{14}$"}
    from app.extensions import db
    from app.models import Department

    with demo.app_context():
        assert db.session.get(Department, created.department_id).code == "scjg"


def test_a_broken_element_is_refused_in_chinese_naming_what_is_wrong(demo, client, login):
    login(client, "admin")
    url = "/admin/dataelement/new/"
    bad = NEW | {"key": "Bad Key", "schema": '{"format": "cn-mobile"}'}
    page = client.post(url, data=bad | {"csrf_token": csrf_token(client, url)}).get_data(as_text=True)
    assert "标识须为小写英文字母" in page and "须写明类型" in page
    assert element(demo, "Bad Key") is None


def test_department_admin_cannot_change_a_platform_element(demo, client, login):
    before = element(demo, "cn-mobile")
    login(client, "scjg-admin")
    url = f"/admin/dataelement/edit/?id={before.id}"
    edit = {
        "key": "cn-mobile",
        "label": "被改名",
        "schema": '{"type": "string"}',
        "prefill": "none",
        "csrf_token": csrf_token(client, url),
    }
    page = client.post(url, data=edit).get_data(as_text=True)
    assert "全平台通用的数据元由平台管理员维护" in page
    assert element(demo, "cn-mobile").label == before.label


def test_platform_admin_edits_an_element_and_the_key_stays(demo, client, login):
    before = element(demo, "cn-mobile")
    login(client, "admin")
    url = f"/admin/dataelement/edit/?id={before.id}"
    form = {
        "key": "cn-mobile",
        "label": "手机号码",
        "schema": '{"type": "string", "format": "cn-mobile"}',
        "prefill": "profile",
        "personal": "y",
    }
    response = client.post(url, data=form | {"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert element(demo, "cn-mobile").label == "手机号码"
    renamed = form | {"key": "mobile-2", "csrf_token": csrf_token(client, url)}
    page = client.post(url, data=renamed).get_data(as_text=True)
    assert "数据元标识发布后不可修改" in page
    assert element(demo, "mobile-2") is None
