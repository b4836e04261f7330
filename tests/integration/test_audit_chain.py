"""The audit trail is append-only on PostgreSQL and hash-chained everywhere: `flask audit verify` names the
first event someone changed behind the app's back."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from tests.integration.drive import WINDOW_ACCEPT, WSJK_REVIEW, step, submit


def _events(case_id: int) -> list[int]:
    from app.extensions import db
    from app.models import AuditEvent

    return db.session.scalars(select(AuditEvent.id).where(AuditEvent.application_id == case_id)).all()


def _cases(app) -> tuple[int, int]:
    with app.app_context():
        first, second = submit("promised"), submit("promised")
        step(first, "window_review", "window", WINDOW_ACCEPT)
        step(second, "window_review", "window", WINDOW_ACCEPT)
        step(first, "wsjk_review", "wsjk", WSJK_REVIEW)
    return first, second


def test_verify_passes_on_an_untouched_trail_and_links_each_case(demo):
    from app.domain.audit_chain import GENESIS
    from app.extensions import db
    from app.models import AuditEvent

    first, _ = _cases(demo)
    result = demo.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "审计链完整" in result.output
    with demo.app_context():
        rows = db.session.execute(
            select(AuditEvent.prev_hash, AuditEvent.hash, AuditEvent.actor_role)
            .where(AuditEvent.application_id == first)
            .order_by(AuditEvent.id)
        ).all()
    assert rows[0].prev_hash == GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert rows[-1].actor_role == "approver"


@pytest.mark.postgres
def test_the_app_cannot_change_or_delete_an_event_and_verify_names_a_row_changed_by_a_superuser(pg_demo):
    from app.extensions import db

    first, second = _cases(pg_demo)
    with pg_demo.app_context():
        target = _events(first)[1]
        url = db.engine.url
        for statement in (
            f"UPDATE audit_event SET note = 'forged' WHERE id = {target}",
            f"DELETE FROM audit_event WHERE id = {target}",
        ):
            with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
                conn.execute(text(statement))
        db.session.remove()

    # A superuser switches triggers off for the session (as a restore from a dump would) and edits the row.
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("UPDATE audit_event SET actor_name = '张三', note = '已核实' WHERE id = :id"), {"id": target})
    engine.dispose()

    result = pg_demo.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"事件 #{target}" in result.output and "内容被修改" in result.output
    assert f"办件 #{first}" in result.output


def test_a_deleted_event_breaks_the_link_of_the_one_after_it(demo):
    from app.extensions import db

    first, _ = _cases(demo)
    with demo.app_context():
        ids = _events(first)
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": ids[1]})
    result = demo.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"事件 #{ids[2]}" in result.output and "链接不符" in result.output
