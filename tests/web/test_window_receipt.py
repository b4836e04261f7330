"""The window prints a walk-in's receipt (受理回执) right after accepting, without waiting for the worker; the
worker's job then leaves the issued receipt as it is."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from tests.factories import csrf_token, demo_item
from tests.integration.drive import WINDOW_ACCEPT, step
from tests.integration.paper import pdf_text, render_documents
from tests.web.test_window_entry import IDENTITY, enter


def test_the_window_prints_the_walk_ins_receipt_at_once(demo, client, login):
    from app.models import Application, CaseDocument

    slug, sample = demo_item("promised")
    login(client, "window")
    entered = enter(demo, client, slug, sample, IDENTITY)
    number = re.search(r"YC\d{8}[0-9A-HJKMNP-TV-Z]{9}", client.get(entered.headers["Location"]).get_data(as_text=True))
    with demo.app_context():
        case = db.session.scalar(select(Application.id).where(Application.tracking_number == number.group(0)))
        step(case, "window_review", "window", WINDOW_ACCEPT)

    page = client.get(f"/cases/{number.group(0)}").get_data(as_text=True)
    printed = re.search(r'href="(/documents/\d+\.pdf\?print=1)"', page)
    assert printed and "生成中" in page  # the worker has not run yet
    pdf = client.get(printed.group(1))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "inline" in pdf.headers["Content-Disposition"]
    text = pdf_text(pdf.data)
    assert "受理回执" in text and sample["applicant"]["name"] in text and number.group(0) in text and "李窗口" in text

    with demo.app_context():
        assert render_documents() == 1  # the receipt's job: nothing left to render
        receipt = db.session.scalar(select(CaseDocument).where(CaseDocument.application_id == case))
        assert receipt.state == "issued" and receipt.pdf == pdf.data

    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert client.get(printed.group(1)).status_code == 404  # not for anyone signed out
