"""Pages through the Flask test client: catalogue, applying, CSRF, double submit, window decisions, access."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.factories import csrf_token, demo_item


def count_applications(app) -> int:
    from app.extensions import db
    from app.models import Application

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Application))


def encoded(app, slug: str, data: dict) -> dict:
    from app.extensions import db
    from app.models import ServiceItem
    from app.services.step_forms import application_form

    with app.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        return dict(application_form(item.live_version).encode(data).items(multi=True))


def apply_form(client, slug: str) -> tuple[str, str]:
    page = client.get(f"/items/{slug}/apply").get_data(as_text=True)
    token = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    return csrf_token(client, f"/items/{slug}/apply"), token


def test_catalogue_and_guide_are_public(demo, client):
    slug, _ = demo_item("joint")
    index = client.get("/").get_data(as_text=True)
    assert "办事指南" in index and "开办宾馆酒店" in index
    guide = client.get(f"/items/{slug}").get_data(as_text=True)
    for word in ("设定依据", "申请材料", "承诺时限", "监督投诉"):
        assert word in guide
    assert client.get("/items/no-such-item").status_code == 404


def test_applying_needs_login(demo, client):
    slug, _ = demo_item("joint")
    response = client.get(f"/items/{slug}/apply")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_wrong_password_is_refused(demo, client):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"username": "citizen", "password": "nope", "csrf_token": token})
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(demo, client, login):
    slug, sample = demo_item("joint")
    login(client, "citizen")
    response = client.post(f"/items/{slug}/apply", data=encoded(demo, slug, sample))
    assert response.status_code == 400
    assert count_applications(demo) == 0


def test_invalid_submission_shows_field_errors_and_stores_nothing(demo, client, login):
    slug, sample = demo_item("joint")
    login(client, "citizen")
    csrf, token = apply_form(client, slug)
    fields = encoded(demo, slug, sample)
    fields["applicant.id_number"] = "440199199504306671"  # wrong check digit
    fields["applicant.name"] = ""
    response = client.post(f"/items/{slug}/apply", data=fields | {"csrf_token": csrf, "submission_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "校验" in page  # the ID number's check digit is named in plain words
    assert 'value="明湖区锦程商务酒店有限公司"' in page  # what the user typed is kept
    assert count_applications(demo) == 0


def test_double_clicked_submit_creates_one_application(demo, client, login):
    slug, sample = demo_item("joint")
    login(client, "citizen")
    csrf, token = apply_form(client, slug)
    fields = encoded(demo, slug, sample) | {"csrf_token": csrf, "submission_token": token, "confirm": "1"}
    first = client.post(f"/items/{slug}/apply", data=fields)
    second = client.post(f"/items/{slug}/apply", data=fields)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count_applications(demo) == 1
    receipt = client.get(first.headers["Location"]).get_data(as_text=True)
    assert re.search(r"YC\d{8}[0-9A-HJKMNP-TV-Z]{9}", receipt)


def test_long_form_shows_check_your_answers_before_storing(demo, client, login):
    slug, sample = demo_item("joint")
    login(client, "citizen")
    csrf, token = apply_form(client, slug)
    fields = encoded(demo, slug, sample) | {"csrf_token": csrf, "submission_token": token}
    check = client.post(f"/items/{slug}/apply", data=fields)
    page = check.get_data(as_text=True)
    assert check.status_code == 200 and "请核对您的申请信息" in page
    assert "明湖区锦程商务酒店有限公司" in page and "91440199MA59X3TE16" in page
    assert count_applications(demo) == 0
    back = client.post(f"/items/{slug}/apply", data=fields | {"edit": "1"})
    assert 'value="明湖区锦程商务酒店有限公司"' in back.get_data(as_text=True)  # back to the form, answers kept
    assert count_applications(demo) == 0
    confirmed = client.post(f"/items/{slug}/apply", data=fields | {"confirm": "1"})
    assert confirmed.status_code == 302
    assert count_applications(demo) == 1


def submit_via_page(app, client, login, kind: str = "joint") -> str:
    slug, sample = demo_item(kind)
    login(client, "citizen")
    csrf, token = apply_form(client, slug)
    response = client.post(
        f"/items/{slug}/apply",
        data=encoded(app, slug, sample) | {"csrf_token": csrf, "submission_token": token, "confirm": "1"},
    )
    number = response.headers["Location"].split("/")[-2]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    return number


def window_task_url(client) -> str:
    queue = client.get("/window").get_data(as_text=True)
    return re.search(r'href="(/tasks/\d+)"', queue).group(1)


def test_supplement_needs_a_reason_then_returns_to_the_applicant_and_back(demo, client, login):
    number = submit_via_page(demo, client, login)
    login(client, "window")
    url = window_task_url(client)
    csrf = csrf_token(client, url)
    empty_reason = client.post(url, data={"csrf_token": csrf, "decision": "supplement", "reason": ""})
    assert empty_reason.status_code == 422
    assert "请填写理由" in empty_reason.get_data(as_text=True)
    asked = client.post(url, data={"csrf_token": csrf, "decision": "supplement", "reason": "请补充经营场所平面图"})
    assert asked.status_code == 302
    client.post("/logout", data={"csrf_token": csrf})

    login(client, "citizen")
    page = client.get(f"/my/applications/{number}").get_data(as_text=True)
    assert "请补正申请" in page and "请补充经营场所平面图" in page
    slug, sample = demo_item("joint")
    csrf = csrf_token(client, f"/my/applications/{number}")
    answer = client.post(
        f"/my/applications/{number}", data=encoded(demo, slug, sample | {"staff_count": 60}) | {"csrf_token": csrf}
    )
    assert answer.status_code == 302
    page = client.get(f"/my/applications/{number}").get_data(as_text=True)
    assert "待受理" in page and "申请人提交补正" in page


def test_decline_ends_the_case(demo, client, login):
    number = submit_via_page(demo, client, login)
    login(client, "window")
    url = window_task_url(client)
    csrf = csrf_token(client, url)
    client.post(url, data={"csrf_token": csrf, "decision": "decline", "reason": "不属于本中心受理范围"})
    page = client.get(f"/cases/{number}").get_data(as_text=True)
    assert "不予受理" in page and "不属于本中心受理范围" in page


def test_roles_guard_the_desks(demo, client, login):
    assert client.get("/window").status_code == 302
    login(client, "citizen")
    assert client.get("/window").status_code == 403
    assert client.get("/tasks").status_code == 403
    assert client.get("/supervise").status_code == 403
    assert client.get("/admin/").status_code == 403


def test_approver_cannot_open_another_departments_task(demo, client, login, api_token):
    number = submit_via_page(demo, client, login)
    window = api_token(client, "window")
    [task] = client.get("/api/v1/tasks", headers=window).get_json()["tasks"]
    client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"decision": "accept"}}, headers=window)
    case = client.get(f"/api/v1/applications/{number}", headers=window).get_json()
    scjg_task = next(t for t in case["tasks"] if t["lane"] == "scjg")
    login(client, "wsjk")
    assert client.get(f"/tasks/{scjg_task['id']}").status_code == 403


def test_admin_sees_the_catalogue(demo, client, login):
    login(client, "admin")
    response = client.get("/admin/serviceitem/")
    assert response.status_code == 200
    assert "开办宾馆酒店" in response.get_data(as_text=True)


def test_a_citizen_sees_only_their_own_case_and_its_diagram(demo, client, login):
    number = submit_via_page(demo, client, login)
    with demo.app_context():
        from app.extensions import db
        from app.models import Role
        from app.services.users import create_user

        create_user("citizen2", "李四", "demo1234", (Role.CITIZEN,))
        db.session.commit()
    login(client, "citizen2")
    assert client.get(f"/my/applications/{number}").status_code == 404
    assert client.get(f"/my/applications/{number}/diagram").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "citizen")
    page = client.get(f"/my/applications/{number}/diagram").get_data(as_text=True)
    assert "window_review" in page  # the platform diagram's data, with the waiting window step marked


def test_a_retired_item_version_cannot_be_applied_for(demo, client, login, api_token):
    from app.extensions import db
    from app.models import ItemVersion, ServiceItem
    from app.models.base import utcnow
    from tests.factories import new_token

    slug, sample = demo_item("joint")
    with demo.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        db.session.get(ItemVersion, item.live_version_id).retired_at = utcnow()
        db.session.commit()
    login(client, "citizen")
    assert slug not in client.get("/").get_data(as_text=True)
    assert client.get(f"/items/{slug}/apply").status_code == 404
    assert client.get(f"/items/{slug}").status_code == 404
    citizen = api_token(client, "citizen")
    body = {"data": sample, "submission_token": new_token()}
    assert client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).status_code == 404
    assert slug not in {i["slug"] for i in client.get("/api/v1/items").get_json()["items"]}
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "window")
    assert slug not in client.get("/window/new/").get_data(as_text=True)
    assert client.get(f"/window/new/{slug}").status_code == 404
    assert count_applications(demo) == 0


def test_supervision_counts_open_cases_by_department_and_light(demo, client, login, api_token):
    number = submit_via_page(demo, client, login)
    window = api_token(client, "window")
    [task] = client.get("/api/v1/tasks", headers=window).get_json()["tasks"]
    client.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"decision": "accept"}}, headers=window)
    login(client, "supervisor")
    page = client.get("/supervise").get_data(as_text=True)
    assert number in page
    row = re.search(r"<tr><td>区市场监督管理局</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>", page)
    assert row and [int(n) for n in row.groups()] == [1, 0, 0]  # accepted today, due in 10 working days
