"""一个窗口收费: a fee assessed from the form data on acceptance, paid at the window, and the output step waiting
until then; the payment platform's signed callback; waivers and refunds with a reason; supervision's totals."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.extensions import db
from tests.factories import csrf_token
from tests.integration.drive import WINDOW_ACCEPT, WSJK_DECIDE, WSJK_REVIEW, ready_task, step, submit
from tests.integration.paper import AREA_FEE, render_documents, republish_with


def accepted_with_fee(app, **fee) -> tuple[int, str]:
    from app.models import Application

    with app.app_context():
        republish_with("promised", fee={**AREA_FEE, **fee})
        case = submit("promised")
        step(case, "window_review", "window", WINDOW_ACCEPT)
        return case, db.session.get(Application, case).tracking_number


def decided(app, case: int) -> int:
    with app.app_context():
        step(case, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case, "wsjk_decide", "wsjk", WSJK_DECIDE)
        return ready_task(case, "output_issue")


def test_fee_from_the_form_paid_at_the_window_and_output_waits_until_then(demo, client, login):
    from app.models import Application, Fee

    case, number = accepted_with_fee(demo)
    with demo.app_context():
        fee = db.session.scalar(select(Fee).where(Fee.application_id == case))
        assert (fee.amount_cents, fee.state) == (163025, "assessed")  # 3260.5 m2 x 0.5 yuan
        assert fee.rule["legal_basis"].startswith("《公共场所卫生许可收费标准》")
    output = decided(demo, case)

    login(client, "window")
    task_url = f"/tasks/{output}"
    waiting = client.post(task_url, data={"delivery": "window", "csrf_token": csrf_token(client, task_url)})
    assert waiting.status_code == 409
    assert "尚未缴清" in waiting.get_data(as_text=True) and "1630.25" in waiting.get_data(as_text=True)

    case_url = f"/cases/{number}"
    page = client.get(case_url).get_data(as_text=True)
    assert "1630.25" in page and "登记缴费" in page and "待缴费" in page
    token = csrf_token(client, case_url)
    wrong = client.post(f"{case_url}/fee/pay", data={"method": "cash", "amount": "1630", "csrf_token": token})
    assert wrong.status_code == 422 and "不符" in wrong.get_data(as_text=True)
    paid = client.post(f"{case_url}/fee/pay", data={"method": "cash", "amount": "1630.25", "csrf_token": token})
    assert paid.status_code == 302
    assert "已缴费" in client.get(case_url).get_data(as_text=True)

    issued = client.post(task_url, data={"delivery": "window", "csrf_token": csrf_token(client, task_url)})
    assert issued.status_code == 302
    with demo.app_context():
        assert db.session.get(Application, case).status == "issued"
        assert db.session.scalar(select(Fee.state).where(Fee.application_id == case)) == "paid"

    login(client, "supervisor")
    totals = client.get("/supervise").get_data(as_text=True)
    assert "1630.25" in totals and "收费" in totals


def test_the_payment_notice_carries_the_amount_and_its_code(demo):
    from tests.integration.paper import documents, pdf_text, qr_codes

    case, _ = accepted_with_fee(demo)
    with demo.app_context():
        render_documents()
        notice = documents(case)["payment_notice"]
        text = pdf_text(notice.pdf)
        from app.models import Fee

        code = db.session.scalar(select(Fee.payment_code).where(Fee.application_id == case))
        assert "缴款通知书" in text and "1630.25" in text and code in text and "明湖区财政局" in text
        found = qr_codes(notice.pdf)  # the payment code for the payment app, and the verification page
        assert f"YCPAY:{code}:1630.25" in found and any("/verify/" in url for url in found)


def test_the_payment_platform_callback_must_be_signed_and_may_repeat(demo, client):
    from app.models import Fee
    from app.web.fees import signature

    demo.config["PAYMENT_CALLBACK_SECRET"] = "shared-secret"
    case, _ = accepted_with_fee(demo)
    with demo.app_context():
        code = db.session.scalar(select(Fee.payment_code).where(Fee.application_id == case))
    body = json.dumps({"payment_code": code, "amount": "1630.25", "transaction_id": "T20261202001"}).encode()
    url = "/api/v1/payments/callback"
    forged = client.post(url, data=body, headers={"X-Signature": "0" * 64, "Content-Type": "application/json"})
    assert forged.status_code == 401
    signed = {"X-Signature": signature("shared-secret", body), "Content-Type": "application/json"}
    first = client.post(url, data=body, headers=signed)
    again = client.post(url, data=body, headers=signed)
    assert first.status_code == again.status_code == 200 and first.get_json()["state"] == "paid"
    with demo.app_context():
        fee = db.session.scalar(select(Fee).where(Fee.application_id == case))
        assert (fee.state, fee.method, fee.transaction_ref) == ("paid", "online", "T20261202001")


def test_waiving_and_refunding_need_a_reason(demo, client, login):
    from app.models import AuditEvent, Fee

    case, number = accepted_with_fee(demo)
    login(client, "window")
    case_url = f"/cases/{number}"
    token = csrf_token(client, case_url)
    assert client.post(f"{case_url}/fee/waive", data={"reason": "", "csrf_token": token}).status_code == 422
    assert client.post(f"{case_url}/fee/waive", data={"reason": "低保户减免", "csrf_token": token}).status_code == 302
    assert client.post(f"{case_url}/fee/refund", data={"reason": "误收", "csrf_token": token}).status_code == 409
    with demo.app_context():
        fee = db.session.scalar(select(Fee).where(Fee.application_id == case))
        assert (fee.state, fee.reason) == ("waived", "低保户减免")
        assert db.session.scalar(select(AuditEvent.note).where(AuditEvent.action == "fee.waived")) == "低保户减免"
    output = decided(demo, case)
    issued = client.post(f"/tasks/{output}", data={"delivery": "window", "csrf_token": csrf_token(client, case_url)})
    assert issued.status_code == 302  # a waived fee lets the result out


def test_a_formula_that_cannot_be_computed_names_the_problem():
    import pytest

    from app.fees.rules import FeeRuleError, amount_cents

    rule = {"kind": "formula", "expression": "form['area'] * 2", "legal_basis": "x"}
    assert amount_cents(rule, {"area": 10.125}) == 2025
    with pytest.raises(FeeRuleError, match="收费公式无法计算"):
        amount_cents(rule, {})
    with pytest.raises(FeeRuleError, match="收费公式无法计算"):
        amount_cents({**rule, "expression": "__import__('os')"}, {"area": 1})
    with pytest.raises(FeeRuleError, match="负数"):
        amount_cents({**rule, "expression": "-5"}, {})
