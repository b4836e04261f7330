"""A complaint from someone not signed in, assigned by a supervisor, answered by the department, closed."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import csrf_token
from tests.integration.drive import WINDOW_ACCEPT, step, submit


def test_a_complaint_is_filed_with_a_phone_number_assigned_answered_and_closed(demo, client, login):
    from app.extensions import db
    from app.models import Application, AuditEvent, Complaint, Department, User

    with demo.app_context():
        case_id = submit("promised")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        number = db.session.get(Application, case_id).tracking_number
        wsjk = db.session.scalar(select(Department.id).where(Department.code == "wsjk"))
        handler = db.session.scalar(select(User.id).where(User.username == "wsjk"))

    token = csrf_token(client, "/complaints/new")
    refused = client.post(
        "/complaints/new",
        data={
            "csrf_token": token,
            "about": "case",
            "tracking_number": "YC-nonsense",
            "content": "等了三个小时没人处理",
        },
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "未找到该受理编号" in page and "未登录时请留下手机号" in page
    assert "等了三个小时没人处理" in page  # nothing typed is lost
    filed = client.post(
        "/complaints/new",
        data={
            "csrf_token": token,
            "about": "case",
            "tracking_number": number,
            "content": "窗口要求重复提交材料，等了三个小时",
            "evidence": "12月28日上午，3号窗口",
            "name": "李女士",
            "phone": "139 1234 5678",
        },
    )
    assert filed.status_code == 200 and "投诉编号：TS" in filed.get_data(as_text=True)
    with demo.app_context():
        complaint = db.session.scalar(select(Complaint))
        assert (complaint.status, complaint.complainant_phone, complaint.application_id) == (
            "received",
            "13912345678",
            case_id,
        )
        complaint_id = complaint.id

    login(client, "scjg")
    assert client.get(f"/complaints/{complaint_id}").status_code == 404  # not their department's

    login(client, "supervisor")
    url = f"/complaints/{complaint_id}"
    token = csrf_token(client, url)
    bad = client.post(url, data={"csrf_token": token, "action": "assign", "department": "", "days": "5"})
    assert "请选择承办部门" in client.get(bad.headers["Location"]).get_data(as_text=True)
    client.post(
        url, data={"csrf_token": token, "action": "assign", "department": wsjk, "handler": handler, "days": "5"}
    )
    assert "办理中" in client.get("/complaints").get_data(as_text=True)

    login(client, "wsjk")
    token = csrf_token(client, url)
    client.post(
        url, data={"csrf_token": token, "action": "answer", "answer": "经核查，已对窗口人员批评教育并一次性告知材料"}
    )
    page = client.get(url).get_data(as_text=True)
    assert "已答复" in page and "一次性告知材料" in page
    assert client.post(url, data={"csrf_token": token, "action": "close"}).status_code == 403
    with demo.app_context():
        assert db.session.get(Complaint, complaint_id).status == "answered"  # only a supervisor closes

    login(client, "supervisor")
    token = csrf_token(client, url)
    client.post(url, data={"csrf_token": token, "action": "close", "note": "申请人表示满意"})
    with demo.app_context():
        complaint = db.session.get(Complaint, complaint_id)
        assert complaint.status == "closed" and complaint.deadline is not None
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("complaint.%")).order_by(AuditEvent.id)
        ).all()
        assert actions == ["complaint.filed", "complaint.assigned", "complaint.answered", "complaint.closed"]
    stats = client.get("/complaints").get_data(as_text=True)
    assert "已办结" in stats
