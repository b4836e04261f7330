"""The platform's own error pages: Chinese, with the site's header and a way back; JSON under /api/."""

from __future__ import annotations


def test_unknown_page_is_our_own_404(demo, client):
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "找不到这个页面" in page and "返回首页" in page
    assert 'class="top"' in page  # the site header, so the person can navigate on
    assert "Not Found" not in page and "The requested URL" not in page  # not Werkzeug's English page


def test_citizen_opening_a_staff_page_is_told_plainly(demo, client, login):
    login(client, "citizen")
    for url in ("/window", "/tasks", "/supervise", "/window/new/"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 403, url
        assert "供大厅工作人员使用" in page and "我的办件" in page, url
        assert "Forbidden" not in page, url


def test_staff_without_the_role_gets_the_plain_403(demo, client, login):
    login(client, "scjg")  # an approver, not a supervisor
    page = client.get("/supervise").get_data(as_text=True)
    assert "没有打开这个页面的权限" in page and "供大厅工作人员使用" not in page


def test_error_pages_follow_the_language(demo, client):
    client.get("/lang/en")
    page = client.get("/no-such-page").get_data(as_text=True)
    assert "Page not found" in page and "找不到这个页面" not in page


def test_api_errors_stay_json(demo, client):
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response.get_json()["error_code"] == "not_found"


def test_wrong_method_is_a_page_not_a_werkzeug_text(demo, client):
    response = client.post("/")
    assert response.status_code in (400, 405)  # CSRF refuses first where a form is expected
    assert "Method Not Allowed" not in response.get_data(as_text=True)


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO header, not an HTML error page
    assert "max-age" in response.headers.get("Cache-Control", "")


def test_zh_is_a_way_back_to_chinese(demo, client):
    client.get("/lang/en")
    assert "Service guide" in client.get("/").get_data(as_text=True)
    client.get("/lang/zh")
    assert "办事指南" in client.get("/").get_data(as_text=True)
