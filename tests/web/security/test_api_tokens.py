"""Point 5 of issue 18: several named tokens per user, each with an expiry, revocable; the API checks uploads and
the caller's right to act before it reads a body."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import update

from tests.factories import demo_item, new_token
from tests.web.test_uploads import PDF, WSJK


def _token(client, username, **extra):
    response = client.post("/api/v1/token", json={"username": username, "password": "demo1234", **extra})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _auth(body) -> dict[str, str]:
    return {"Authorization": f"Bearer {body['token']}"}


def test_tokens_have_a_name_and_an_expiry_and_two_systems_use_two_tokens(demo):
    client = demo.test_client()
    licensing = _token(client, "scjg", name="证照系统", expires_in_days=30)
    archive = _token(client, "scjg", name="档案系统")
    assert licensing["name"] == "证照系统" and archive["name"] == "档案系统"
    assert licensing["state"] == "active"
    assert licensing["expires_at"] < archive["expires_at"]  # 30 days against the default 90
    for body in (licensing, archive):
        assert client.get("/api/v1/tasks", headers=_auth(body)).status_code == 200
    listed = client.get("/api/v1/tokens", headers=_auth(archive)).get_json()["tokens"]
    assert [t["name"] for t in listed] == ["档案系统", "证照系统"]
    assert all("token" not in t for t in listed)  # the token itself is shown once, never again


def test_an_expired_token_is_refused(demo):
    from app.extensions import db
    from app.models import ApiToken
    from app.models.base import utcnow

    client = demo.test_client()
    body = _token(client, "scjg", name="旧系统", expires_in_days=1)
    with demo.app_context():
        db.session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    demo.extensions["caller_cache"].clear()
    assert client.get("/api/v1/tasks", headers=_auth(body)).status_code == 401


def test_a_bad_expiry_or_name_is_refused_in_chinese(demo):
    client = demo.test_client()
    for extra in ({"expires_in_days": 0}, {"expires_in_days": 1000}, {"expires_in_days": "7"}, {"name": ""}):
        response = client.post("/api/v1/token", json={"username": "scjg", "password": "demo1234", **extra})
        assert response.status_code == 422, extra
        assert "必须" in response.get_json()["message"]


def test_a_user_cannot_revoke_someone_elses_token(demo):
    client = demo.test_client()
    theirs = _token(client, "wsjk")
    mine = _token(client, "scjg")
    assert client.delete(f"/api/v1/tokens/{theirs['id']}", headers=_auth(mine)).status_code == 404
    assert client.get("/api/v1/tasks", headers=_auth(theirs)).status_code == 200


def test_api_submit_refuses_uploads_the_caller_does_not_own(demo):
    import json

    from werkzeug.datastructures import FileStorage

    from app.extensions import db
    from app.models import User
    from app.services.uploads import store_upload
    from tests.factories import DEMO

    slug = WSJK  # the demo item with a floor-plan upload
    sample = json.loads((DEMO / slug / "sample.json").read_text())
    with demo.app_context():  # another user's material (a clerk uploaded it for someone else)
        clerk = db.session.scalar(db.select(User).where(User.username == "window"))
        ref = store_upload(clerk, "floor_plan", FileStorage(io.BytesIO(PDF), filename="plan.pdf"))
        db.session.commit()
    client = demo.test_client()
    response = client.post(
        f"/api/v1/items/{slug}/applications",
        json={"data": {**sample, "floor_plan": ref}, "submission_token": new_token()},
        headers=_auth(_token(client, "citizen")),
    )
    assert response.status_code == 422, response.get_json()
    assert ref["file_id"] in str(response.get_json()["details"])


def test_complete_checks_the_caller_before_the_body(demo):
    client = demo.test_client()
    slug, sample = demo_item("promised")
    citizen = _auth(_token(client, "citizen"))
    submitted = client.post(
        f"/api/v1/items/{slug}/applications", json={"data": sample, "submission_token": new_token()}, headers=citizen
    )
    number = submitted.get_json()["tracking_number"]
    [task] = client.get(f"/api/v1/applications/{number}", headers=citizen).get_json()["tasks"]
    # Another department posts an empty decision to the window's task: told "not yours", not the form's fields.
    response = client.post(
        f"/api/v1/tasks/{task['id']}/complete", json={"data": {}}, headers=_auth(_token(client, "wsjk"))
    )
    assert response.status_code == 403
    assert "details" not in response.get_json() or not response.get_json()["details"]
