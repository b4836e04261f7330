"""The receipt (受理回执) of a case accepted with deferred materials says so: what is owed and by when; a case
accepted with everything in says the materials are complete."""

from __future__ import annotations

from tests.integration.deferral_drive import DEFERRABLE, in_days, submit_deferring_case
from tests.integration.drive import ready_task, user
from tests.integration.paper import documents, pdf_text, render_documents


def _receipt_text(case: int) -> str:
    render_documents()
    return "".join(pdf_text(documents(case)["receipt"].pdf).split())  # the PDF's lines break anywhere


def test_the_receipt_names_the_owed_material_and_its_date(demo):
    from app.extensions import db
    from app.services import one_window

    with demo.app_context():
        deferred, complete = submit_deferring_case(), submit_deferring_case()
        until = in_days(6)
        one_window.accept(
            ready_task(deferred, "window_review"), user("window"), deferred_materials=[DEFERRABLE], deferred_until=until
        )
        one_window.accept(ready_task(complete, "window_review"), user("window"))
        db.session.commit()

        text = _receipt_text(deferred)
        assert "所缺非关键材料予以容缺受理" in text
        assert f"申请人承诺于{until}前补交“{DEFERRABLE}”" in text
        assert "窗口确认收到后，方可领取办理结果" in text
        plain = _receipt_text(complete)
        assert "申请材料齐全、符合法定形式" in plain and "容缺" not in plain
