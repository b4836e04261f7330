"""A GET that writes raises in tests (app/read_requests.py): on PostgreSQL it would commit at once on the request's
autocommit connection. Only the allow-listed tables (a staff read, an integrator's call log) may be written."""

from __future__ import annotations

import pytest
from flask import Flask, request
from sqlalchemy import insert, text

from app.extensions import db
from app.models import CaseRead
from app.read_requests import WriteInSafeRequest, written_table


def test_written_table_names_the_table_of_each_kind_of_write() -> None:
    assert written_table('INSERT INTO "user_account" (username) VALUES (?)') == "user_account"
    assert written_table("  update application SET status=%(s)s") == "application"
    assert written_table("DELETE FROM human_task WHERE id = 1") == "human_task"
    assert written_table("SELECT * FROM application FOR UPDATE") is None


def _routes(app: Flask) -> None:
    def write_case() -> str:
        db.session.execute(text("UPDATE application SET outcome = NULL WHERE id = -1"))
        return "wrote"

    def record_read() -> str:
        try:
            db.session.execute(insert(CaseRead).values(application_id=-1, user_id=-1, surface="test"))
        except WriteInSafeRequest:
            return "refused"
        except Exception:  # noqa: BLE001 - the row's foreign keys may refuse it once the guard let it through
            pass
        db.session.rollback()
        return "recorded"

    app.add_url_rule("/test/write-case", "test_write_case", write_case, methods=["GET", "POST"])
    app.add_url_rule("/test/record-read", "test_record_read", record_read)


def test_a_get_that_writes_raises_and_a_post_does_not(app: Flask) -> None:
    _routes(app)
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    with pytest.raises(WriteInSafeRequest, match=r"GET /test/write-case \(test_write_case\) writes application"):
        client.get("/test/write-case")
    assert client.post("/test/write-case").get_data(as_text=True) == "wrote"


def test_an_allow_listed_write_passes_the_guard(app: Flask) -> None:
    _routes(app)
    assert app.test_client().get("/test/record-read").get_data(as_text=True) == "recorded"


def test_a_get_that_must_write_runs_in_a_transaction(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """A GET on the allow-list may write, and is not read on an autocommit connection: a lock it takes lasts to its
    commit. Any other GET reads in autocommit."""
    from app.read_requests import AUTOCOMMIT_READS, GETS_THAT_WRITE

    monkeypatch.setitem(GETS_THAT_WRITE, "test_writing_get", "a test")
    seen = {}

    def look() -> str:
        seen[request.endpoint] = db.session.info.get(AUTOCOMMIT_READS)
        if request.endpoint == "test_writing_get":
            db.session.execute(text("UPDATE application SET outcome = NULL WHERE id = -1"))
        return "ok"

    app.add_url_rule("/test/writing-get", "test_writing_get", look)
    app.add_url_rule("/test/reading-get", "test_reading_get", look)
    client = app.test_client()
    assert client.get("/test/writing-get").get_data(as_text=True) == "ok"
    assert client.get("/test/reading-get").get_data(as_text=True) == "ok"
    assert seen == {"test_writing_get": None, "test_reading_get": True}
