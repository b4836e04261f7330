"""On a joint case each approver sees how far the other departments have got (department, step, status in words,
light) and nothing of their decisions; on a single-department case there is no such panel. Runs on SQLite and,
with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import re

from tests.integration.drive import ready_task, step, submit

SCJG_OPINION = "经营场所布局合理，同意（市场监管局内部意见）"


def _panel(page: str) -> str:
    match = re.search(r'<section class="department-progress".*?</section>', page, re.S)
    assert match, "no 各部门进度 panel"
    return match.group(0)


def test_an_approver_sees_the_other_departments_progress_but_not_their_decision(demo, client, login):
    with demo.app_context():
        case = submit("joint")
        step(case, "window_review", "window", {"decision": "accept"})
        wsjk_task = ready_task(case, "wsjk_review")
        scjg_task = ready_task(case, "scjg_review")

    login(client, "wsjk")
    panel = _panel(client.get(f"/tasks/{wsjk_task}").get_data(as_text=True))
    assert "各部门进度" in panel
    assert "区市场监督管理局" in panel and "区卫生健康委员会" in panel
    assert "市场监管局审查（食品经营许可）" in panel and "卫健委审查（公共场所卫生许可）" in panel
    assert panel.count(">待办<") == 2 and "正常" in panel  # status and light in words

    with demo.app_context():
        step(case, "scjg_review", "scjg", {"approved": True, "opinion": SCJG_OPINION, "inspection_result": "pass"})
    page = client.get(f"/tasks/{wsjk_task}").get_data(as_text=True)
    panel = _panel(page)
    scjg_row = re.search(r'<li data-department="\d+" data-state="completed".*?</li>', panel, re.S).group(0)
    assert "区市场监督管理局" in scjg_row and "已办结" in scjg_row
    assert SCJG_OPINION not in page and "现场核查" not in page  # the other department's decision stays its own
    assert "准予" not in panel and "同意" not in panel

    # The same panel on the case page, for the department that has finished its part.
    client.post("/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)})
    login(client, "scjg")
    with demo.app_context():
        from app.extensions import db
        from app.models import Application

        number = db.session.get(Application, case).tracking_number
    case_page = client.get(f"/cases/{number}").get_data(as_text=True)
    assert "各部门进度" in case_page and _panel(case_page).count("data-state=") == 2
    assert client.get(f"/tasks/{scjg_task}").status_code == 200


def test_a_single_department_case_has_no_department_panel(demo, client, login):
    with demo.app_context():
        case = submit("promised")
        step(case, "window_review", "window", {"decision": "accept"})
        task = ready_task(case, "wsjk_review")
    login(client, "wsjk")
    page = client.get(f"/tasks/{task}").get_data(as_text=True)
    assert "各部门进度" not in page
