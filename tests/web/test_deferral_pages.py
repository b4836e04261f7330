"""容缺受理 on the pages: the window defers a deferrable material (and is told plainly it cannot defer another), the
citizen sees what is owed and uploads it under the form's upload rules, staff see the file, the window confirms."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from tests.factories import csrf_token
from tests.integration.deferral_drive import DEFERRABLE, NOT_DEFERRABLE, in_days, submit_deferring_case
from tests.integration.drive import ready_task


def _logout(client):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


def _accept(client, task_id: int, names: list[str], until: str):
    url = f"/tasks/{task_id}"
    data = {
        "csrf_token": csrf_token(client, url),
        "action": "complete",
        "decision": "accept",
        "deferred_materials": names,
        "deferred_until": until,
    }
    return client.post(url, data=data)


def test_the_window_defers_the_citizen_uploads_and_the_window_confirms(demo, client, login):
    from app.extensions import db
    from app.models import Application

    with demo.app_context():
        case = submit_deferring_case()
        task_id = ready_task(case, "window_review")
        number = db.session.get(Application, case).tracking_number

    login(client, "window")
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    choice = page[page.index('id="deferral"') :]
    client.get("/lang/en")
    assert "Accept with deferred materials (optional)" in client.get(f"/tasks/{task_id}").get_data(as_text=True)
    client.get("/lang/zh")
    assert "容缺受理（可选）" in choice and DEFERRABLE in choice and NOT_DEFERRABLE in choice
    assert choice.index("可容缺") > choice.index(DEFERRABLE)  # the deferrable one is marked

    refused = _accept(client, task_id, [NOT_DEFERRABLE], in_days(5))
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert f"“{NOT_DEFERRABLE}”不是容缺材料" in text
    past = _accept(client, task_id, [DEFERRABLE], in_days(-1)).get_data(as_text=True)
    assert "已经过去" in past

    accepted = _accept(client, task_id, [DEFERRABLE], in_days(5))
    assert accepted.status_code == 302, accepted.get_data(as_text=True)[:3000]
    staff_page = client.get(f"/cases/{number}").get_data(as_text=True)
    owed = staff_page[staff_page.index('id="deferred"') :]
    assert DEFERRABLE in owed and "待补交" in owed and in_days(5) in owed
    assert "容缺受理（待补：" in staff_page  # the timeline names the deferral
    _logout(client)

    login(client, "citizen")
    mine = f"/my/applications/{number}"
    page = client.get(mine).get_data(as_text=True)
    panel = page[page.index('id="deferred"') :]
    assert "请补交以下材料" in panel and DEFERRABLE in panel and f"请于 {in_days(5)} 前补交" in panel
    upload = re.search(r'action="(/my/applications/[^"]+/deferred/\d+)"', panel).group(1)
    wrong = client.post(
        upload,
        data={"csrf_token": csrf_token(client, mine), "file": (io.BytesIO(b"plain words"), "rules.txt")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert f"“{DEFERRABLE}”只接受 PDF/JPEG/PNG 文件" in wrong
    done = client.post(
        upload,
        data={"csrf_token": csrf_token(client, mine), "file": (io.BytesIO(b"%PDF-1.4 rules"), "rules.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "已上传，待窗口确认" in done and "rules.pdf" in done
    _logout(client)

    login(client, "wsjk")  # the department sees the file the applicant handed in
    assert "rules.pdf" in client.get(f"/cases/{number}").get_data(as_text=True)
    _logout(client)

    login(client, "window")
    staff_page = client.get(f"/cases/{number}").get_data(as_text=True)
    confirm = re.search(r'action="(/cases/[^"]+/deferred/\d+/receive)"', staff_page).group(1)
    confirmed = client.post(
        confirm, data={"csrf_token": csrf_token(client, f"/cases/{number}")}, follow_redirects=True
    ).get_data(as_text=True)
    assert "已确认收到容缺材料" in confirmed and "窗口确认收到容缺材料" in confirmed
    _logout(client)

    login(client, "citizen")
    assert "容缺材料已全部补齐" in client.get(mine).get_data(as_text=True)


def test_only_the_window_confirms_and_only_the_applicant_uploads(demo, client, login):
    from app.extensions import db
    from app.models import Application, DeferredMaterial
    from app.services import one_window
    from tests.integration.drive import user

    with demo.app_context():
        case = submit_deferring_case()
        one_window.accept(
            ready_task(case, "window_review"),
            user("window"),
            deferred_materials=[DEFERRABLE],
            deferred_until=in_days(3),
        )
        db.session.commit()
        number = db.session.get(Application, case).tracking_number
        material = db.session.scalar(select(DeferredMaterial.id).where(DeferredMaterial.application_id == case))

    login(client, "wsjk")
    token = csrf_token(client, f"/cases/{number}")
    assert client.post(f"/cases/{number}/deferred/{material}/receive", data={"csrf_token": token}).status_code == 403
    _logout(client)
    login(client, "window-hubin")  # another centre's window
    token = csrf_token(client, "/window")
    refused = client.post(
        f"/cases/{number}/deferred/{material}/receive", data={"csrf_token": token}, follow_redirects=True
    )
    assert "请在该中心窗口确认" in refused.get_data(as_text=True)
    posted = client.post(
        f"/my/applications/{number}/deferred/{material}",
        data={"csrf_token": token, "file": (io.BytesIO(b"%PDF-1.4 x"), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert posted.status_code == 404  # not their case
    with demo.app_context():
        row = db.session.get(DeferredMaterial, material)
        assert row.received_at is None and row.file_id is None


def _overdue_case(demo, promised_days_ago: int = 2) -> str:
    """A case accepted with a deferred material whose promised date passed; its tracking number."""
    from datetime import timedelta

    from app.extensions import db
    from app.models import Application, DeferredMaterial
    from app.services import one_window
    from app.services.now import today
    from tests.integration.drive import user

    with demo.app_context():
        case = submit_deferring_case()
        one_window.accept(
            ready_task(case, "window_review"),
            user("window"),
            deferred_materials=[DEFERRABLE],
            deferred_until=in_days(1),
        )
        row = db.session.scalar(select(DeferredMaterial).where(DeferredMaterial.application_id == case))
        row.promised_by = today() - timedelta(days=promised_days_ago)  # the promise was made days ago
        db.session.commit()
        return db.session.get(Application, case).tracking_number


def test_an_overdue_deferral_shows_in_the_window_queue_and_in_supervision_within_scope(demo, client, login):
    number = _overdue_case(demo)
    login(client, "window")
    queue = client.get("/window").get_data(as_text=True)
    owed = queue[queue.index('id="owed-materials"') :]
    assert number in owed and DEFERRABLE in owed and "已逾期 2 天" in owed and 'class="owed-overdue"' in owed
    client.get("/lang/en")
    english = client.get("/window").get_data(as_text=True)
    assert "Deferred materials owed" in english and "Overdue by 2 days" in english
    client.get("/lang/zh")
    _logout(client)

    login(client, "window-hubin")  # another centre's window: not theirs
    assert number not in client.get("/window").get_data(as_text=True)
    _logout(client)

    login(client, "supervisor")
    page = client.get("/supervise").get_data(as_text=True)
    assert "容缺材料逾期未补齐的办件：1 件" in page
    assert number in page[page.index('id="owed-overdue"') :]
    _logout(client)

    login(client, "supervisor-hubin")  # a street centre's supervisor does not see the district hall's cases
    page = client.get("/supervise").get_data(as_text=True)
    assert "容缺材料逾期未补齐的办件：0 件" in page and number not in page


def test_the_output_window_sees_that_an_approved_result_waits_for_an_owed_material(demo, client, login):
    from app.extensions import db
    from app.models import Application
    from app.services import one_window
    from tests.integration.drive import WSJK_DECIDE, WSJK_REVIEW, step, user

    with demo.app_context():
        case = submit_deferring_case()
        one_window.accept(
            ready_task(case, "window_review"),
            user("window"),
            deferred_materials=[DEFERRABLE],
            deferred_until=in_days(3),
        )
        db.session.commit()
        step(case, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case, "wsjk_decide", "wsjk", WSJK_DECIDE)
        number = db.session.get(Application, case).tracking_number
        task_id = ready_task(case, "output_issue")
    login(client, "window")
    queue = client.get("/output").get_data(as_text=True)
    row = queue[queue.index(number) :]
    assert "容缺材料未补齐" in row[: row.index("</tr>")]
    url = f"/tasks/{task_id}"
    issued = client.post(url, data={"csrf_token": csrf_token(client, url), "action": "complete", "delivery": "window"})
    assert issued.status_code == 422
    assert f"容缺材料尚未补齐：“{DEFERRABLE}”" in issued.get_data(as_text=True)
