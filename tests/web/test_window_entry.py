"""Walk-in applications entered at the window with the same generated form."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.factories import csrf_token, demo_item

IDENTITY = {"walk_in.name": "王小明", "walk_in.id_number": "11010519491231002X", "walk_in.mobile": "13800138000"}


def item_fields(app, slug: str, data: dict) -> dict:
    from app.extensions import db
    from app.models import ServiceItem
    from app.services.step_forms import application_form

    with app.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        return dict(application_form(item.live_version).encode(data).items(multi=True))


def enter(app, client, slug: str, data: dict, identity: dict):
    url = f"/window/new/{slug}"
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    fields = (
        item_fields(app, slug, data) | identity | {"csrf_token": csrf_token(client, url), "submission_token": token}
    )
    return client.post(url, data=fields)


def test_walk_in_creates_a_case_for_the_person_at_the_window(demo, client, login):
    slug, sample = demo_item("promised")
    login(client, "window")
    response = enter(demo, client, slug, sample, IDENTITY)
    assert response.status_code == 302, response.get_data(as_text=True)
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    number = re.search(r"YC\d{8}[0-9A-HJKMNP-TV-Z]{9}", receipt).group(0)

    from app.extensions import db
    from app.models import Application, User

    with demo.app_context():
        application = db.session.scalar(select(Application).where(Application.tracking_number == number))
        applicant = db.session.get(User, application.applicant_id)
        clerk = db.session.get(User, application.entered_by_id)
        assert (application.channel, application.status) == ("window", "submitted")
        assert applicant.id_number == "11010519491231002X" and applicant.display_name == "王小明"
        assert clerk.username == "window"

    # The same person again: the same applicant, a second case.
    enter(demo, client, slug, sample, IDENTITY | {"walk_in.mobile": "13900139000"})
    with demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.id_number.is_not(None))) == 1
        assert db.session.scalar(select(func.count()).select_from(Application)) == 2
        person = db.session.scalar(select(User).where(User.id_number == "11010519491231002X"))
        assert person.phone == "13900139000"


def test_walk_in_with_a_wrong_id_number_stores_nothing(demo, client, login):
    slug, sample = demo_item("promised")
    login(client, "window")
    response = enter(demo, client, slug, sample, IDENTITY | {"walk_in.id_number": "110105194912310021"})
    assert response.status_code == 422
    assert "身份证号码" in response.get_data(as_text=True)
    from app.extensions import db
    from app.models import Application

    with demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 0


def test_only_window_clerks_enter_walk_ins(demo, client, login):
    slug, _ = demo_item("promised")
    login(client, "citizen")
    assert client.get(f"/window/new/{slug}").status_code == 403
    assert client.get("/window/new/").status_code == 403
