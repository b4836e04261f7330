"""A case changed by someone else since the request read it: a clear 409, nothing written, not a server error."""

from __future__ import annotations

from sqlalchemy import select, update

from tests.integration.drive import submit


def _stale_write_route(app):
    """A view that writes a case after another transaction moved the row's version on."""
    from app.extensions import db
    from app.models import Application
    from app.services.row_writes import update_row

    def stale_write(case_id: int):
        application = db.session.get(Application, case_id)
        with db.engine.begin() as other:
            other.execute(
                update(Application).where(Application.id == case_id).values(row_version=Application.row_version + 1)
            )
        update_row(application, outcome="refused")
        db.session.commit()
        return "written"

    app.config["WTF_CSRF_ENABLED"] = False  # a test route, posted without a form
    app.add_url_rule("/api/v1/test-stale/<int:case_id>", view_func=stale_write, methods=["POST"])
    app.add_url_rule("/test-stale/<int:case_id>", "page_stale_write", view_func=stale_write, methods=["POST"])


def test_the_api_answers_409_and_keeps_the_newer_row(demo):
    from app.extensions import db
    from app.models import Application

    _stale_write_route(demo)
    with demo.app_context():
        case_id = submit()
    response = demo.test_client().post(f"/api/v1/test-stale/{case_id}")
    assert response.status_code == 409
    assert response.get_json()["error_code"] == "conflict"
    assert "请刷新后重试" in response.get_json()["message"]
    with demo.app_context():
        assert db.session.scalar(select(Application.outcome).where(Application.id == case_id)) is None


def test_a_page_shows_the_conflict_in_english_too(demo):
    _stale_write_route(demo)
    with demo.app_context():
        case_id = submit()
    client = demo.test_client()
    client.get("/lang/en")
    response = client.post(f"/test-stale/{case_id}")
    assert response.status_code == 409
    assert "Someone else updated this case" in response.get_data(as_text=True)
