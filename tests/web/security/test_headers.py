"""Point 14 of issue 18: cookie flags, CSP without inline scripts, and the other protective headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories import csrf_token

REPO = Path(__file__).resolve().parents[3]
TEMPLATE_DIRS = [REPO / "app" / "templates", REPO / "admin" / "templates", REPO / "forms"]
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
JS_URL = re.compile(r"(href|action)\s*=\s*[\"']\s*javascript:", re.I)


def _script_src(policy: str) -> str:
    return next(d for d in policy.split(";") if d.strip().startswith("script-src")).strip()


@pytest.mark.parametrize("url", ["/", "/login", "/api/v1/health"])
def test_every_response_carries_the_protective_headers(demo, url):
    response = demo.test_client().get(url)
    policy = response.headers["Content-Security-Policy"]
    assert _script_src(policy) == "script-src 'self'"
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_session_cookie_is_same_site_lax_and_http_only(demo, login):
    client = demo.test_client()
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"username": "window", "password": "demo1234", "csrf_token": token})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for folder in TEMPLATE_DIRS:
        for template in folder.rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, INLINE_HANDLER, JS_URL):
                offenders += [f"{template.relative_to(REPO)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


ADMIN_PAGES = ["/admin/", "/admin/user/", "/admin/incidents/", "/admin/serviceitem/", "/admin/auditevent/"]


def test_flask_admin_pages_as_rendered_have_no_inline_script_or_handler(demo, login):
    client = login(demo.test_client(), "admin")
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert INLINE_SCRIPT.findall(page) == [], url
        assert INLINE_HANDLER.findall(page) == [], url
        assert JS_URL.findall(page) == [], url
