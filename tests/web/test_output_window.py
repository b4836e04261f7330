"""The output window sees the verdict and each department's opinion, issues a certificate or serves a refusal,
and a mailed result carries its address, courier and waybill number to the applicant's page."""

from __future__ import annotations

import re

from tests.factories import csrf_token
from tests.integration.drive import WSJK_DECIDE, WSJK_REVIEW, step, submit


def _to_output(app, approved: bool) -> int:
    with app.app_context():
        case = submit("promised")
        step(case, "window_review", "window", {"decision": "accept"})
        step(case, "wsjk_review", "wsjk", WSJK_REVIEW if approved else {"approved": False, "opinion": "卫生设施不合格"})
        step(case, "wsjk_decide", "wsjk", WSJK_DECIDE if approved else {"approved": False, "opinion": "不予许可"})
        return case


def _output_task(app, case: int) -> int:
    from tests.integration.drive import ready_task

    with app.app_context():
        return ready_task(case, "output_issue")


def _number(app, case: int) -> str:
    from app.extensions import db
    from app.models import Application

    with app.app_context():
        return db.session.get(Application, case).tracking_number


def test_an_approved_case_shows_opinions_and_the_certificate_and_is_mailed(demo, client, login):
    case = _to_output(demo, approved=True)
    task = _output_task(demo, case)
    login(client, "window")
    page = client.get(f"/tasks/{task}").get_data(as_text=True)
    assert "审批结果：准予许可" in page and WSJK_REVIEW["opinion"] in page and WSJK_DECIDE["opinion"] in page
    assert 'id="certificate-number">ZZ' in page and "有效期至" in page
    assert "明湖区湖滨街道滨江东路168号1—6层" in page  # 邮寄地址 prefilled from the application
    url = f"/tasks/{task}"
    missing = client.post(url, data={"delivery": "mail", "mail_address": "", "csrf_token": csrf_token(client, url)})
    assert missing.status_code == 422 and "快递公司" in missing.get_data(as_text=True)
    done = client.post(
        url,
        data={
            "delivery": "mail",
            "mail_address": "明湖区沙溪街道锦程大道301号",
            "mail_recipient": "周建平",
            "courier": "sf",
            "waybill": "SF1234567890",
            "csrf_token": csrf_token(client, url),
        },
    )
    assert done.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "citizen")
    mine = client.get(f"/my/applications/{_number(demo, case)}").get_data(as_text=True)
    assert "顺丰速运" in mine and "SF1234567890" in mine and "锦程大道301号" in mine


def test_a_refused_case_serves_the_refusal_notice_and_no_certificate(demo, client, login):
    case = _to_output(demo, approved=False)
    task = _output_task(demo, case)
    login(client, "window")
    page = client.get(f"/tasks/{task}").get_data(as_text=True)
    assert "审批结果：不予许可" in page and "卫生设施不合格" in page and "不同意" in page
    assert "certificate-number" not in page and 'id="refusal-number">' in page
    url = f"/tasks/{task}"
    assert client.post(url, data={"delivery": "window", "csrf_token": csrf_token(client, url)}).status_code == 302
    case_page = client.get(f"/cases/{_number(demo, case)}").get_data(as_text=True)
    assert re.search(r"不予许可", case_page)
