"""The admin's 接入系统 pages: the platform admin registers a department system, issues its token (shown once),
reads its calls and delivers a failed webhook again; a department admin reaches none of it."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import csrf_token


def test_the_platform_admin_registers_a_system_and_issues_its_token(demo: Flask, client: FlaskClient, login: Any):
    from app.extensions import db
    from app.models import Department, IntegratorClient, WebhookDelivery

    with demo.app_context():
        wsjk = db.session.scalar(select(Department.id).where(Department.code == "wsjk"))
    login(client, "admin")
    token = csrf_token(client, "/admin/integrators/new/")
    form = {
        "csrf_token": token,
        "name": "卫健审批系统",
        "department": str(wsjk),
        "scopes": "read decide",
        "rate_limit": "60/minute",
    }
    created = client.post("/admin/integrators/new/", data=form)
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    with demo.app_context():
        client_row = db.session.scalar(select(IntegratorClient))
        assert (client_row.scopes, client_row.rate_limit, client_row.user.display_name) == (
            "read decide",
            "60/minute",
            "卫健审批系统（接口）",
        )
        client_id = client_row.id
    bad = client.post("/admin/integrators/new/", data={**form, "name": "另一个", "scopes": "everything"})
    assert "权限范围只能是" in bad.get_data(as_text=True)

    issued = client.post(
        "/admin/integrators/action/",
        data={"csrf_token": token, "action": "issue_token", "rowid": str(client_id)},
        follow_redirects=True,
    )
    page = issued.get_data(as_text=True)
    match = re.search(r"只显示这一次，请立即保存）：([A-Za-z0-9_-]{20,})", page)
    assert match, page[:3000]
    headers = {"Authorization": f"Bearer {match.group(1)}"}
    assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    assert "/api/v1/tasks" in client.get("/admin/api_calls/").get_data(as_text=True)

    subscribed = client.post(
        "/api/v1/webhooks", json={"url": "http://127.0.0.1:9/x", "events": ["case.issued"]}, headers=headers
    )
    assert subscribed.status_code == 201
    with demo.app_context():
        from app.models import WebhookSubscription

        delivery = WebhookDelivery(
            subscription_id=db.session.scalar(select(WebhookSubscription.id)),
            event="case.issued",
            url="http://127.0.0.1:9/x",
            payload={"id": "k"},
            idempotency_key="k",
            state="failed",
            attempts=20,
            max_attempts=20,
        )
        db.session.add(delivery)
        db.session.commit()
        delivery_id = delivery.id
    assert "已放弃" in client.get("/admin/webhook_deliveries/").get_data(as_text=True)
    client.post(
        "/admin/webhook_deliveries/action/",
        data={"csrf_token": token, "action": "redeliver", "rowid": str(delivery_id)},
    )
    with demo.app_context():
        again = db.session.get(WebhookDelivery, delivery_id)
        assert (again.state, again.max_attempts) == ("pending", 40)


def test_a_department_admin_reaches_no_integrator_page(demo: Flask, client: FlaskClient, login: Any):
    login(client, "wsjk-admin")
    for url in ("/admin/integrators/", "/admin/integrators/new/", "/admin/webhook_deliveries/", "/admin/api_calls/"):
        assert client.get(url).status_code == 403, url
