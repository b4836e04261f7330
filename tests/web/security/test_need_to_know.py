"""Point 3 of issue 18: an approver reads a case only when their department has or had a step on it (page,
diagram, finished tasks, files, documents, API); supervisors and the window read every case; staff reads are
recorded, apart from the applicant's timeline."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from tests.web.test_uploads import PDF, post_application, stored_case


def _api(client, username):
    token = client.post("/api/v1/token", json={"username": username, "password": "demo1234"}).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


def _case_with_a_file_accepted_by_the_window(demo, login):
    """The 卫生许可 item (department wsjk) with a floor plan, accepted: wsjk now has a step, rsj never does."""
    citizen = login(demo.test_client(), "citizen")
    status, _ = post_application(demo, citizen, {"floor_plan": (io.BytesIO(PDF), "平面图.pdf")})
    assert status == 302
    [application] = stored_case(demo)
    client = demo.test_client()
    window = _api(client, "window")
    case = client.get(f"/api/v1/applications/{application.tracking_number}", headers=window).get_json()
    [review] = case["tasks"]
    done = client.post(f"/api/v1/tasks/{review['id']}/complete", json={"data": {"decision": "accept"}}, headers=window)
    assert done.status_code == 200, done.get_json()
    return application.tracking_number, application.data["floor_plan"]["file_id"], review["id"]


def _surfaces(number, file_id, task_id):
    return [f"/cases/{number}", f"/cases/{number}/diagram", f"/tasks/{task_id}", f"/files/{file_id}"]


def test_an_approver_of_another_department_reads_nothing_of_the_case(demo, login):
    number, file_id, window_task = _case_with_a_file_accepted_by_the_window(demo, login)
    outsider = login(demo.test_client(), "rsj")
    for url in _surfaces(number, file_id, window_task):
        assert outsider.get(url).status_code == 404, url
    api = demo.test_client()
    assert api.get(f"/api/v1/applications/{number}", headers=_api(api, "rsj")).status_code == 404


def test_the_department_with_a_step_the_supervisor_and_the_window_read_it(demo, login):
    number, file_id, window_task = _case_with_a_file_accepted_by_the_window(demo, login)
    for username in ("wsjk", "supervisor", "window"):
        reader = login(demo.test_client(), username)
        for url in _surfaces(number, file_id, window_task):
            if url.startswith("/tasks/") and username == "supervisor":
                continue  # task pages are for those who work tasks
            assert reader.get(url).status_code == 200, (username, url)
        api = demo.test_client()
        assert api.get(f"/api/v1/applications/{number}", headers=_api(api, username)).status_code == 200


def test_before_acceptance_no_department_reads_the_case(demo, login):
    citizen = login(demo.test_client(), "citizen")
    assert post_application(demo, citizen, {"floor_plan": (io.BytesIO(PDF), "平面图.pdf")})[0] == 302
    [application] = stored_case(demo)
    approver = login(demo.test_client(), "wsjk")
    assert approver.get(f"/cases/{application.tracking_number}").status_code == 404


def test_staff_reads_are_recorded_and_kept_out_of_the_applicants_timeline(demo, login):
    from app.extensions import db
    from app.models import Application, AuditEvent, CaseRead, User

    number, file_id, _ = _case_with_a_file_accepted_by_the_window(demo, login)
    with demo.app_context():
        events_before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    approver = login(demo.test_client(), "wsjk")
    approver.get(f"/cases/{number}")
    approver.get(f"/files/{file_id}")
    citizen = login(demo.test_client(), "citizen")
    citizen.get(f"/my/applications/{number}")  # the applicant's own reads are not staff reads
    citizen.get(f"/files/{file_id}")
    with demo.app_context():
        reads = db.session.execute(
            select(User.username, CaseRead.surface, Application.tracking_number)
            .join(User, User.id == CaseRead.user_id)
            .join(Application, Application.id == CaseRead.application_id)
            .where(User.username.in_(["wsjk", "citizen"]))
            .order_by(CaseRead.id)
        ).all()
        assert [tuple(r) for r in reads] == [("wsjk", "page", number), ("wsjk", "file", number)]
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events_before
    page = citizen.get(f"/my/applications/{number}").get_data(as_text=True)
    assert "王审批" not in page  # the approver's reading is not on the applicant's timeline
