"""The public progress query: right and wrong second factors, a mistyped number, and the limit on guessing."""

from __future__ import annotations

from app.extensions import db
from tests.factories import csrf_token
from tests.integration.drive import WINDOW_ACCEPT, step, submit


def accepted_case(app) -> tuple[str, dict]:
    from app.models import Application

    with app.app_context():
        case = submit("promised")
        step(case, "window_review", "window", WINDOW_ACCEPT)
        application = db.session.get(Application, case)
        return application.tracking_number, application.data["applicant"]


def ask(client, number: str, answer: str):
    token = csrf_token(client, "/progress")
    return client.post("/progress", data={"tracking_number": number, "second_factor": answer, "csrf_token": token})


def test_the_right_second_factor_shows_status_and_steps_without_personal_data(demo, client):
    number, applicant = accepted_case(demo)
    by_id = ask(client, number, applicant["id_number"][-6:])
    page = by_id.get_data(as_text=True)
    assert by_id.status_code == 200
    assert "审批中" in page and "卫健委审查" in page and "待办理" in page and "综合窗口受理：已办结" in page
    name = applicant["name"]
    assert name not in page and f"{name[0]}*{name[-1]}" in page
    assert applicant["id_number"] not in page and applicant["mobile"] not in page
    by_mobile = ask(client, number.lower().replace("yc", "YC "), applicant["mobile"])
    assert by_mobile.status_code == 200 and "审批中" in by_mobile.get_data(as_text=True)


def test_a_wrong_second_factor_and_an_unknown_number_read_the_same(demo, client):
    number, applicant = accepted_case(demo)
    wrong = ask(client, number, "000000")
    from app.domain.tracking_numbers import new_tracking_number
    from app.models.base import utcnow

    unknown = ask(client, new_tracking_number(utcnow()), applicant["id_number"][-6:])
    assert wrong.status_code == unknown.status_code == 404
    assert "受理编号或验证信息不正确" in wrong.get_data(as_text=True)
    assert wrong.get_data(as_text=True).count("不正确") == unknown.get_data(as_text=True).count("不正确")
    assert "卫健委审查" not in wrong.get_data(as_text=True)


def test_a_mistyped_number_is_caught_by_its_check_character(demo, client):
    number, applicant = accepted_case(demo)
    typo = number[:-2] + ("0" if number[-2] != "0" else "1") + number[-1]
    response = ask(client, typo, applicant["id_number"][-6:])
    assert response.status_code == 422 and "校验位不符" in response.get_data(as_text=True)


def test_guessing_is_stopped_after_a_few_wrong_answers(demo, client):
    number, applicant = accepted_case(demo)
    demo.config["PROGRESS_QUERY_LIMIT_PER_NUMBER"] = "5 per 10 minutes"
    for guess in range(5):
        assert ask(client, number, f"{guess:06d}").status_code == 404
    blocked = ask(client, number, applicant["id_number"][-6:])  # even the right answer waits now
    assert blocked.status_code == 429 and "请" in blocked.get_data(as_text=True)
    assert "审批中" not in blocked.get_data(as_text=True)


def test_one_address_cannot_walk_many_numbers(demo, client):
    from app.domain.tracking_numbers import new_tracking_number
    from app.models.base import utcnow

    number, applicant = accepted_case(demo)
    demo.config["PROGRESS_QUERY_LIMIT_PER_ADDRESS"] = "10 per 10 minutes"
    for _ in range(10):
        assert ask(client, new_tracking_number(utcnow()), "123456").status_code == 404
    assert ask(client, number, applicant["id_number"][-6:]).status_code == 429
