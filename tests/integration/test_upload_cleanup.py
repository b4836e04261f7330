"""Point 11 of issue 18: uploads no case names are removed by the worker after a grace period, and each
applicant's unreferenced uploads are capped with a clear message."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from tests.web.test_uploads import PDF, post_application, stored_case

BAD_MOBILE = {"applicant.mobile": "123"}  # refused: the case is not created, the upload is kept for a retry


def _files(app) -> list[tuple[str, int]]:
    from app.extensions import db
    from app.models import StoredFile

    with app.app_context():
        return [tuple(r) for r in db.session.execute(select(StoredFile.id, StoredFile.size))]


def _on_disk(app, file_id: str) -> bool:
    return (Path(app.config["UPLOAD_DIR"]) / file_id[:2] / file_id).exists()


def _run_worker(app, hours_later: float) -> None:
    from app.models.base import utcnow
    from app.services.worker import run_once

    with app.app_context():
        run_once(now=utcnow() + timedelta(hours=hours_later))


def test_refused_submissions_leave_uploads_the_worker_removes_after_the_grace_period(demo, client, login):
    login(client, "citizen")
    for _ in range(3):
        status, _page = post_application(demo, client, {"floor_plan": (io.BytesIO(PDF), "平面图.pdf")} | BAD_MOBILE)
        assert status == 422
    status, _page = post_application(demo, client, {"floor_plan": (io.BytesIO(PDF), "平面图.pdf")})
    assert status == 302
    [application] = stored_case(demo)
    kept = application.data["floor_plan"]["file_id"]
    orphans = [file_id for file_id, _ in _files(demo) if file_id != kept]
    assert len(orphans) == 3 and all(_on_disk(demo, f) for f in orphans)

    _run_worker(demo, hours_later=1)  # within the grace period: the applicant may still use them
    assert len(_files(demo)) == 4

    _run_worker(demo, hours_later=25)
    assert [file_id for file_id, _ in _files(demo)] == [kept]
    assert not any(_on_disk(demo, f) for f in orphans) and _on_disk(demo, kept)
    assert client.get(f"/files/{kept}").status_code == 200


def test_an_applicants_unreferenced_uploads_are_capped_with_a_clear_message(demo, client, login):
    from app.extensions import db
    from app.models import StoredFile

    demo.config["UPLOAD_UNREFERENCED_MB"] = 1
    big = PDF + b"0" * (600 * 1024)
    login(client, "citizen")
    status, _ = post_application(demo, client, {"floor_plan": (io.BytesIO(big), "plan.pdf")} | BAD_MOBILE)
    assert status == 422 and len(_files(demo)) == 1
    status, page = post_application(demo, client, {"floor_plan": (io.BytesIO(big), "plan.pdf")} | BAD_MOBILE)
    assert status == 422
    assert "超过 1 MB 的上限" in page and "请先提交申请" in page
    client.get("/lang/en")
    status, page = post_application(demo, client, {"floor_plan": (io.BytesIO(big), "plan.pdf")} | BAD_MOBILE)
    assert status == 422 and "over the 1 MB limit" in page and "MB 的上限" not in page
    with demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 1  # the second was not kept
