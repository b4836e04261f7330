"""Issue 20: the API's task list keeps a window clerk to their centre's cases, by the window queue page's rule: a
handle-anywhere case (全区通办) is in the queue of the street centre that took it, a case a community station received
(代收代办) is the district window's, a case from before there were centres is the district hall's; a department's
steps reach the department whatever the centre."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update


def _case_at(app: Flask, kind: str, centre_code: str | None, *, unplaced: bool = False) -> str:
    """A case of a demo item entered at ``centre_code`` (routed as the window entry routes it): its number."""
    from app.extensions import db
    from app.models import Application
    from app.services import cases
    from app.services.centres import centre_by_code, route_at
    from tests.factories import new_token
    from tests.integration.drive import live_version, user

    with app.app_context():
        version, sample = live_version(kind)
        accepting, received = route_at(centre_by_code(centre_code), version.item) if centre_code else (None, None)
        application = cases.submit_application(
            version=version,
            applicant=user("citizen"),
            form_data=sample,
            submission_token=new_token(),
            centre=accepting,
            received_centre=received,
        )
        if unplaced:
            db.session.execute(update(Application).where(Application.id == application.id).values(centre_id=None))
        db.session.commit()
        return application.tracking_number


def _listed(client: FlaskClient, headers: dict[str, str]) -> set[str]:
    response = client.get("/api/v1/tasks?limit=500", headers=headers)
    assert response.status_code == 200, response.get_json()
    return {task["tracking_number"] for task in response.get_json()["tasks"]}


def _page_listed(client: FlaskClient, login: Any, username: str) -> set[str]:
    import re

    login(client, username)
    page = client.get("/window").get_data(as_text=True)
    return set(re.findall(r"YC\d{8}[0-9A-HJKMNP-TV-Z]{9}", page))


def test_the_api_task_list_shows_a_clerk_their_centres_cases_as_the_window_page_does(
    demo: Flask, client: FlaskClient, api_token: Any, login: Any
) -> None:
    anywhere_at_hubin = _case_at(demo, "immediate", "mh-hubin")  # 全区通办: accepted at the street centre
    received_at_liuan = _case_at(demo, "promised", "mh-liuan")  # 代收代办: the district hall accepts it
    at_district = _case_at(demo, "promised", "mh-district")
    unplaced = _case_at(demo, "promised", None, unplaced=True)  # from before there were centres
    everything = {anywhere_at_hubin, received_at_liuan, at_district, unplaced}

    expected = {
        "window": {received_at_liuan, at_district, unplaced},
        "window-hubin": {anywhere_at_hubin},
        "window-qingshan": set(),
        "window-liuan": set(),  # the station only receives: nothing to accept there
    }
    for username, cases in expected.items():
        seen = _listed(client, api_token(client, username)) & everything
        assert seen == cases, username
        assert _page_listed(client, login, username) & everything == cases, username  # the same rule as the page

    # A department's approver and its department system are not window clerks: no window tasks at any centre.
    assert not _listed(client, api_token(client, "wsjk")) & everything


def test_a_clerk_without_a_centre_sees_every_centres_window_tasks(demo: Flask, client: FlaskClient, api_token: Any):
    from app.extensions import db
    from app.models import User

    anywhere_at_hubin = _case_at(demo, "immediate", "mh-hubin")
    at_district = _case_at(demo, "promised", "mh-district")
    with demo.app_context():
        db.session.execute(update(User).where(User.username == "window-qingshan").values(centre_id=None))
        db.session.commit()
    assert {anywhere_at_hubin, at_district} <= _listed(client, api_token(client, "window-qingshan"))
