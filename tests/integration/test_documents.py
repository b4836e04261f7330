"""Every kind of document rendered for a demo case by the worker: a real A4 PDF whose Chinese text reads back, and
whose QR code, decoded from the rendered page, leads to the public page that confirms it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.documents.verification import mask_name
from app.extensions import db
from tests.integration.drive import (
    WINDOW_ACCEPT,
    WINDOW_DECLINE,
    WINDOW_SUPPLEMENT,
    WSJK_DECIDE,
    WSJK_REVIEW,
    step,
    submit,
)
from tests.integration.paper import (
    AREA_FEE,
    CERTIFICATE,
    documents,
    pdf_page_size,
    pdf_text,
    qr_codes,
    render_documents,
    republish_with,
)

A4 = (595.28, 841.89)  # points


def _as_a4(pdf: bytes) -> bool:
    width, height = pdf_page_size(pdf)
    return abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1


@pytest.fixture
def fee_item(demo):
    with demo.app_context():
        republish_with("promised", fee=AREA_FEE, certificate=CERTIFICATE)
    return demo


def test_each_kind_of_document_reads_back_in_chinese(fee_item, client, login):
    from app.models import Application

    with fee_item.app_context():
        approved, declined, returned = submit("promised"), submit("promised"), submit("promised")
        step(approved, "window_review", "window", WINDOW_ACCEPT)
        step(approved, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(approved, "wsjk_decide", "wsjk", WSJK_DECIDE)
        step(declined, "window_review", "window", WINDOW_DECLINE)
        step(returned, "window_review", "window", WINDOW_SUPPLEMENT)
        assert render_documents() == 6
        case = db.session.get(Application, approved)
        number, name = case.tracking_number, case.data["applicant"]["name"]
        issued = documents(approved)
        assert sorted(issued) == [
            "certificate",
            "decision_approved",
            "payment_notice",
            "receipt",
        ]
        texts = {kind: pdf_text(doc.pdf) for kind, doc in issued.items()}
        texts["decline_notice"] = pdf_text(documents(declined)["decline_notice"].pdf)
        texts["supplement_notice"] = pdf_text(documents(returned)["supplement_notice"].pdf)
        for doc in [*issued.values(), documents(declined)["decline_notice"]]:
            assert doc.pdf.startswith(b"%PDF-") and _as_a4(doc.pdf) and doc.state == "issued"

    centre = "明湖区政务服务中心"
    assert "受理回执" in texts["receipt"] and number in texts["receipt"] and name in texts["receipt"]
    assert centre in texts["receipt"] and "公共场所卫生许可证核发" in texts["receipt"]
    assert "综合窗口" in texts["receipt"] or "受理人" in texts["receipt"]
    assert "一次性告知" in texts["supplement_notice"] and "请补交营业执照复印件" in texts["supplement_notice"]
    assert "不予受理通知书" in texts["decline_notice"] and "不属于本中心受理范围" in texts["decline_notice"]
    assert "准予行政许可决定书" in texts["decision_approved"] and "卫生健康" in texts["decision_approved"]
    assert "缴款通知书" in texts["payment_notice"] and "1630.25" in texts["payment_notice"]  # 3260.5 m2 x 0.5
    certificate = texts["certificate"]
    assert "公共场所卫生许可证" in certificate and "明湖区悦湾酒店有限公司" in certificate
    assert "营业面积 3260.5 平方米" in certificate and "有效期限" in certificate


def test_a_rejected_case_gets_a_refusal_decision_and_no_certificate(fee_item):
    with fee_item.app_context():
        case = submit("promised")
        step(case, "window_review", "window", WINDOW_ACCEPT)
        step(case, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case, "wsjk_decide", "wsjk", {"approved": False, "opinion": "卫生检测报告不合格"})
        render_documents()
        issued = documents(case)
        assert "certificate" not in issued
        text = pdf_text(issued["decision_rejected"].pdf)
        assert "不予行政许可决定书" in text and "卫生检测报告不合格" in text


def test_the_qr_code_leads_to_a_page_that_confirms_the_certificate(fee_item, client):
    with fee_item.app_context():
        case = submit("promised")
        step(case, "window_review", "window", WINDOW_ACCEPT)
        step(case, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case, "wsjk_decide", "wsjk", WSJK_DECIDE)
        render_documents()
        certificate = documents(case)["certificate"]
        [url] = qr_codes(certificate.pdf)
        code, number = certificate.verification_code, certificate.number
    assert url == f"http://127.0.0.1:5000/verify/{code}"
    page = client.get(url.removeprefix("http://127.0.0.1:5000")).get_data(as_text=True)
    assert "有效" in page and number in page and "公共场所卫生许可证核发" in page
    assert mask_name("明湖区悦湾酒店有限公司") in page and "明湖区悦湾酒店有限公司" not in page

    altered = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = client.get(f"/verify/{altered}")
    assert response.status_code == 404
    assert "验证码不正确" in response.get_data(as_text=True) and number not in response.get_data(as_text=True)

    typed = client.get(f"/verify?code={code[:4].lower()}-{code[4:8]}-{code[8:]}")
    assert typed.status_code == 200 and number in typed.get_data(as_text=True)


def test_a_revoked_certificate_shows_as_revoked(fee_item, client, login):
    from app.models import AuditEvent, CaseDocument

    with fee_item.app_context():
        case = submit("promised")
        step(case, "window_review", "window", WINDOW_ACCEPT)
        step(case, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case, "wsjk_decide", "wsjk", WSJK_DECIDE)
        render_documents()
        certificate = documents(case)["certificate"]
        code, doc_id = certificate.verification_code, certificate.id
    login(client, "admin")
    page = client.get(f"/admin/case_documents/{doc_id}/revoke").get_data(as_text=True)
    assert "撤销" in page
    from tests.factories import csrf_token

    token = csrf_token(client, f"/admin/case_documents/{doc_id}/revoke")
    refused = client.post(f"/admin/case_documents/{doc_id}/revoke", data={"reason": " ", "csrf_token": token})
    assert refused.status_code == 422
    done = client.post(
        f"/admin/case_documents/{doc_id}/revoke", data={"reason": "经营场所已变更，原证注销", "csrf_token": token}
    )
    assert done.status_code == 302
    page = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "已撤销" in page and "经营场所已变更" in page
    with fee_item.app_context():
        assert db.session.get(CaseDocument, doc_id).state == "revoked"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "document.revoked"))
        assert event.actor_name and event.note == "经营场所已变更，原证注销"


def test_an_issued_document_cannot_be_changed(fee_item):
    from app.models import CaseDocument

    with fee_item.app_context():
        case = submit("promised")
        step(case, "window_review", "window", WINDOW_ACCEPT)
        render_documents()
        receipt = db.session.scalar(select(CaseDocument).where(CaseDocument.application_id == case))
        receipt.number = "forged"
        with pytest.raises(ValueError, match="cannot change"):
            db.session.flush()
        db.session.rollback()
