"""Admins word the documents (per kind, and an item's own certificate) with a PDF preview on sample data, and
the citizen's inbox shows the platform's messages."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from tests.factories import csrf_token
from tests.integration.drive import WINDOW_ACCEPT, WSJK_DECIDE, WSJK_REVIEW, live_version, step, submit
from tests.integration.paper import documents, pdf_text, render_documents


def test_a_document_template_is_previewed_on_sample_data(demo, client, login):
    login(client, "admin")
    token = csrf_token(client, "/admin/document_templates/new/?kind=receipt")
    form = client.get("/admin/document_templates/new/?kind=receipt").get_data(as_text=True)
    assert "受理回执" in form and "{{ applicant }}" in form  # the built-in wording to start from
    preview = client.post(
        "/admin/document_templates/preview",
        data={
            "title": "受理通知",
            "body": "{{ applicant }}：您的申请已受理。",
            "fields": "编号: {{ tracking_number }}",
            "csrf_token": token,
        },
    )
    assert preview.status_code == 200 and preview.mimetype == "application/pdf"
    text = pdf_text(preview.data)
    assert "受理通知" in text and "黄志强：您的申请已受理。" in text and "样例" in text
    built_in = client.get("/admin/document_templates/preview/built-in/certificate")
    assert "有效期限" in pdf_text(built_in.data)


def test_an_items_own_certificate_template_is_used_for_its_cases(demo, client, login):
    from app.models import DocumentTemplate

    with demo.app_context():
        version, _ = live_version("promised")
        db.session.add(
            DocumentTemplate(
                kind="certificate",
                item_id=version.item_id,
                title="卫生许可证",
                body="{{ holder }} 经审查符合卫生要求。",
                fields="许可证号: {{ number }}\n场所面积: {{ form.area }} 平方米\n"
                "审查意见: {{ decisions.wsjk_decide.opinion }}",
            )
        )
        db.session.commit()
        case = submit("promised")
        step(case, "window_review", "window", WINDOW_ACCEPT)
        step(case, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case, "wsjk_decide", "wsjk", WSJK_DECIDE)
        render_documents()
        certificate = documents(case)["certificate"]
        text = pdf_text(certificate.pdf)
    assert "卫生许可证" in text and "明湖区悦湾酒店有限公司 经审查符合卫生要求。" in text
    assert "3260.5 平方米" in text and "准予许可" in text and certificate.number in text


def test_the_citizen_reads_the_platform_messages_in_the_inbox(demo, client, login):
    from app.models import Notification

    with demo.app_context():
        case = submit("promised")
        step(case, "window_review", "window", WINDOW_ACCEPT)
    login(client, "citizen")
    page = client.get("/my/inbox").get_data(as_text=True)
    assert "已受理" in page and "申请已提交" in page and 'class="unread"' in page
    client.post("/my/inbox", data={"csrf_token": csrf_token(client, "/my/inbox")})
    assert 'class="unread"' not in client.get("/my/inbox").get_data(as_text=True)
    with demo.app_context():
        unread = db.session.scalars(
            select(Notification).where(Notification.read_at.is_(None), Notification.channel == "inbox")
        )
        assert all(m.user.username != "citizen" for m in unread)
