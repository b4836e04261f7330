"""Ratings: only finished cases, once, 1–5; the hall's device posts with a window clerk's token; a bad rating's
follow-up is due FOLLOW_UP_DAYS working days later and counted on the dashboard until answered."""

from __future__ import annotations

from datetime import date, datetime

from tests.integration.drive import ISSUE, WINDOW_ACCEPT, WSJK_DECIDE, WSJK_REVIEW, step, submit


def _finished(app) -> tuple[int, str]:
    from app.extensions import db
    from app.models import Application

    with app.app_context():
        case_id = submit("promised")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        step(case_id, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case_id, "wsjk_decide", "wsjk", WSJK_DECIDE)
        step(case_id, "output_issue", "window", ISSUE)
        return case_id, db.session.get(Application, case_id).tracking_number


def test_the_rating_device_posts_with_a_window_token_and_a_bad_score_opens_a_follow_up(demo, client, api_token):
    from app.extensions import db
    from app.models import Application, Rating
    from app.services.supervision_dashboard import Scope, build_dashboard

    demo.config["CLOCK_NOW"] = lambda: datetime(2026, 12, 31, 2, 0)  # Thursday; New Year's Day 2027 unconfirmed
    with demo.app_context():
        open_case = submit("promised")
        open_number = db.session.get(Application, open_case).tracking_number
    case_id, number = _finished(demo)
    url = "/api/v1/ratings/device"
    window, citizen = api_token(client, "window"), api_token(client, "citizen")
    assert client.post(url, json={"tracking_number": number, "score": 1}).status_code == 401
    assert client.post(url, json={"tracking_number": number, "score": 1}, headers=citizen).status_code == 403
    unfinished = client.post(url, json={"tracking_number": open_number, "score": 5}, headers=window)
    assert unfinished.status_code == 422 and unfinished.get_json()["details"]["score"] == ["办件尚未办结"]
    for bad in (0, 6, "5", True, None):
        answer = client.post(url, json={"tracking_number": number, "score": bad}, headers=window)
        assert answer.status_code == 422, bad
    unknown_tag = client.post(url, json={"tracking_number": number, "score": 2, "tags": ["乱写"]}, headers=window)
    assert unknown_tag.status_code == 422 and "未知标签：乱写" in unknown_tag.get_json()["details"]["tags"][0]
    given = client.post(url, json={"tracking_number": number, "score": 2, "tags": ["等候时间长"]}, headers=window)
    assert given.status_code == 201
    # 5 working days after Thursday 31 December with 2027 on Monday–Friday: 1, 4, 5, 6, 7 January.
    assert given.get_json()["follow_up_due"] == "2027-01-07"
    again = client.post(url, json={"tracking_number": number, "score": 5}, headers=window)
    assert again.status_code == 422 and "每个办件只能评价一次" in again.get_json()["details"]["score"]
    with demo.app_context():
        rating = db.session.query(Rating).one()
        assert (rating.channel, rating.score, rating.application_id) == ("device", 2, case_id)
        feedback = build_dashboard(Scope(date(2026, 12, 1), date(2026, 12, 31))).feedback
        assert feedback["ratings"] == 1 and feedback["bad_ratings"] == 1 and feedback["average_score"] == 2.0
        assert feedback["open_follow_ups"] == 1 and feedback["late_follow_ups"] == 0
    demo.config["CLOCK_NOW"] = lambda: datetime(2027, 1, 8, 2, 0)
    with demo.app_context():
        feedback = build_dashboard(Scope(date(2026, 12, 1), date(2026, 12, 31))).feedback
        assert feedback["late_follow_ups"] == 1  # past 7 January and still unanswered
