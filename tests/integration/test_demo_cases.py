"""The living demo hall: cases in every state and light over the last months, audit chain intact, once only."""

from __future__ import annotations

from sqlalchemy import select


def test_demo_cases_cover_every_state_and_light_and_keep_the_audit_chain(demo):
    from app.extensions import db
    from app.models import Application
    from app.services.audit import verify_chain
    from app.services.demo_cases import create_demo_cases, status_counts
    from app.services.now import today

    with demo.app_context():
        report = create_demo_cases(60)
        db.session.commit()
        assert report.created == 60
        counts = status_counts()
        for status in ("submitted", "supplement", "in_approval", "awaiting_issue", "issued", "rejected", "declined"):
            assert counts.get(status), (status, counts)
        cases = db.session.scalars(select(Application)).all()
        oldest = min(a.submitted_at for a in cases).date()
        assert (today() - oldest).days > 30  # spread over months, not all today
        lights = {a.light for a in cases if a.finished_at is None and a.accepted_at is not None}
        assert {"green", "red"} <= lights, lights
        from app.services import deferrals

        assert deferrals.owed_rows(), "容缺受理: some demo cases owe a deferred material"
        assert deferrals.overdue_count() >= 1, "and one is overdue, for the window's queue and supervision"
        checked, broken = verify_chain()
        assert broken is None and checked > 60
        assert create_demo_cases(60).created == 0  # a second run adds nothing
