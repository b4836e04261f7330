"""容缺受理 through the services: the window defers only what the guide marks deferrable, the case goes on owing it,
the applicant hands it in, the window confirms, and the result waits for it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.integration.deferral_drive import DEFERRABLE, NOT_DEFERRABLE, in_days, submit_deferring_case
from tests.integration.drive import ISSUE, WSJK_DECIDE, WSJK_REVIEW, ready_task, step, user


def _status(case_id: int) -> str:
    from app.extensions import db
    from app.models import Application

    return db.session.scalar(select(Application.status).where(Application.id == case_id))


def _accept_deferring(case_id: int, names: list[str], until: str) -> None:
    from app.extensions import db
    from app.services import one_window

    one_window.accept(
        ready_task(case_id, "window_review"), user("window"), deferred_materials=names, deferred_until=until
    )
    db.session.commit()


def test_a_deferred_material_is_owed_until_the_window_confirms_it_and_the_result_waits_for_it(demo):
    import io

    from werkzeug.datastructures import FileStorage

    from app.extensions import db
    from app.models import Application, AuditEvent
    from app.services import cases, deferrals
    from app.services.errors import InvalidData
    from app.services.uploads import store_upload

    with demo.app_context():
        case = submit_deferring_case()
        _accept_deferring(case, [DEFERRABLE], in_days(7))
        assert _status(case) == "in_approval"
        [owed] = deferrals.materials_of(case)
        assert (owed.name, owed.promised_by.isoformat(), deferrals.state(owed).value) == (
            DEFERRABLE,
            in_days(7),
            "owed",
        )
        accepted = db.session.scalar(
            select(AuditEvent).where(AuditEvent.application_id == case, AuditEvent.action == "window_review.completed")
        )
        assert accepted.detail["decision"]["deferred_materials"] == [DEFERRABLE]

        step(case, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case, "wsjk_decide", "wsjk", WSJK_DECIDE)
        with pytest.raises(InvalidData) as waits:  # an approved result waits for the owed material
            cases.complete_task(ready_task(case, "output_issue"), user("window"), ISSUE)
        db.session.rollback()
        assert DEFERRABLE in waits.value.message

        citizen = user("citizen")
        reference = store_upload(citizen, "deferred", FileStorage(io.BytesIO(b"%PDF-1.4 rules"), "rules.pdf"))
        deferrals.hand_in(db.session.get(Application, case), owed.id, citizen, reference)
        db.session.commit()
        assert deferrals.state(deferrals.materials_of(case)[0]).value == "uploaded"

        deferrals.confirm_receipt(db.session.get(Application, case), owed.id, user("window"), None)
        db.session.commit()
        assert deferrals.state(deferrals.materials_of(case)[0]).value == "received"
        step(case, "output_issue", "window", ISSUE)
        assert _status(case) == "issued"
        actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.application_id == case)))
        assert {"deferred_material.uploaded", "deferred_material.received"} <= actions


@pytest.mark.parametrize(
    ("names", "until", "field", "words"),
    [
        ([NOT_DEFERRABLE], 7, "deferred_materials", f"“{NOT_DEFERRABLE}”不是容缺材料"),
        (["营业执照正本"], 7, "deferred_materials", "不是本事项办事指南列出的申请材料"),
        ([DEFERRABLE], -1, "deferred_until", "已经过去"),
        ([DEFERRABLE], 31, "deferred_until", "天内"),
    ],
)
def test_a_deferral_the_guide_does_not_allow_is_refused_naming_the_material_and_nothing_is_written(
    demo, names, until, field, words
):
    from app.extensions import db
    from app.services import deferrals
    from app.services.errors import InvalidData

    with demo.app_context():
        case = submit_deferring_case()
        with pytest.raises(InvalidData) as refused:
            _accept_deferring(case, names, in_days(until))
        db.session.rollback()
        assert words in " ".join(refused.value.details[field])
        assert _status(case) == "submitted" and deferrals.materials_of(case) == []


def test_a_deferral_needs_the_accept_decision(demo):
    from app.extensions import db
    from app.services import cases
    from app.services.errors import InvalidData

    with demo.app_context():
        case = submit_deferring_case()
        decision = {
            "decision": "supplement",
            "reason": "缺材料",
            "deferred_materials": [DEFERRABLE],
            "deferred_until": in_days(3),
        }
        with pytest.raises(InvalidData):
            cases.complete_task(ready_task(case, "window_review"), user("window"), decision)
        db.session.rollback()
        assert _status(case) == "submitted"


def test_an_owed_material_past_its_date_is_overdue_in_the_lists(demo):
    from datetime import timedelta

    from app.extensions import db
    from app.models import DeferredMaterial
    from app.services import deferrals
    from app.services.now import today

    with demo.app_context():
        case = submit_deferring_case()
        _accept_deferring(case, [DEFERRABLE], in_days(0))
        assert deferrals.cases_with_overdue([case]) == set()  # due today: not yet overdue
        row = db.session.scalar(select(DeferredMaterial).where(DeferredMaterial.application_id == case))
        row.promised_by = today() - timedelta(days=2)
        db.session.commit()
        assert deferrals.cases_with_overdue([case]) == {case}
        assert deferrals.overdue_count() == 1
        [listed] = deferrals.owed_rows(overdue_only=True)
        assert listed.name == DEFERRABLE and listed.overdue
