"""In Chromium: the citizen downloads the receipt and the certificate from their case, reads the QR code off the
certificate and opens the public verification page; the progress query answers without a login."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from app.documents.verification import mask_name
from tests.e2e.test_joint_case_in_browser import login
from tests.integration.drive import WINDOW_ACCEPT, WSJK_DECIDE, WSJK_REVIEW, step, submit
from tests.integration.paper import CERTIFICATE, pdf_text, qr_codes, render_documents, republish_with

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("SCREENSHOT_DIR")  # set it to look at the pages (1280 px and 360 px wide)


def shoot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def download(page: Page, row_kind: str) -> bytes:
    with page.expect_download() as info:
        page.locator(f'#documents tr[data-kind="{row_kind}"]').get_by_role("link", name="下载").click()
    path = info.value.path()
    assert path is not None
    with open(path, "rb") as f:
        return f.read()


def test_citizen_downloads_receipt_and_certificate_and_verifies_it(live_server: str, page: Page, demo) -> None:
    from app.extensions import db
    from app.models import Application

    demo.config["PUBLIC_BASE_URL"] = live_server  # the QR code leads to this server
    with demo.app_context():
        republish_with("promised", certificate=CERTIFICATE)
        case = submit("promised")
        step(case, "window_review", "window", WINDOW_ACCEPT)
        step(case, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case, "wsjk_decide", "wsjk", WSJK_DECIDE)
        assert render_documents() == 3  # receipt, decision, certificate
        application = db.session.get(Application, case)
        number, applicant = application.tracking_number, application.data["applicant"]

    login(page, live_server, "citizen")
    page.get_by_role("link", name="我的办件").click()
    page.get_by_role("link", name=number).click()
    expect(page.locator("#documents")).to_contain_text("受理回执")
    expect(page.locator("#documents")).to_contain_text("证照")
    shoot(page, "citizen-case-documents")

    receipt = download(page, "receipt")
    text = pdf_text(receipt)
    assert "受理回执" in text and number in text and applicant["name"] in text and "明湖区政务服务中心" in text

    certificate = download(page, "certificate")
    assert "公共场所卫生许可证" in pdf_text(certificate) and "明湖区悦湾酒店有限公司" in pdf_text(certificate)
    [url] = qr_codes(certificate)
    assert url.startswith(f"{live_server}/verify/")

    page.goto(url)
    expect(page.locator("#verify-result")).to_contain_text("真实有效")
    expect(page.locator("dl.guide")).to_contain_text(mask_name("明湖区悦湾酒店有限公司"))
    shoot(page, "verify-valid")
    page.goto(url[:-1] + ("A" if url[-1] != "A" else "B"))
    expect(page.locator("#verify-result")).to_contain_text("验证码不正确")

    page.get_by_role("button", name="退出").click()
    page.get_by_role("link", name="进度查询").click()
    page.get_by_label("受理编号").fill(number)
    page.get_by_label("申请人身份证号码后6位，或申请时填写的手机号码").fill(applicant["id_number"][-6:])
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#progress-status")).to_have_text("待出件")
    shoot(page, "progress-query")
