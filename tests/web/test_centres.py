"""Centres across the district: a community station receives and the district window accepts (代收代办); a
handle-anywhere item (全区通办) accepted at a street centre and issued there; queues by centre."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import csrf_token, demo_item
from tests.web.test_window_entry import IDENTITY, enter

PENSION = "11440199007495173F4442120003"  # 城乡居民基本养老保险参保登记: district and street, handle anywhere


def _case(app, number: str):  # type: ignore[no-untyped-def]
    from app.extensions import db
    from app.models import Application

    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.tracking_number == number))
        return (
            application.centre.code if application.centre else None,
            application.received_centre.code if application.received_centre else None,
            application.status,
        )


def _entered(client, response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.get_data(as_text=True)
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    return re.search(r"YC\d{8}[0-9A-HJKMNP-TV-Z]{9}", receipt).group(0)


def _task_url(client, queue: str, number: str) -> str | None:  # type: ignore[no-untyped-def]
    page = client.get(queue).get_data(as_text=True)
    match = re.search(rf"{number}</td>.*?href=\"(/tasks/\d+)\"", page, re.S)
    return match.group(1) if match else None


def _logout(client) -> None:  # type: ignore[no-untyped-def]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


def test_a_community_station_receives_and_the_district_window_accepts(demo, client, login):
    slug, sample = demo_item("promised")  # 公共场所卫生许可: accepted at the district hall only
    login(client, "window-liuan")
    assert slug in client.get("/window/new/").get_data(as_text=True)  # the station may take it in
    number = _entered(client, enter(demo, client, slug, sample, IDENTITY))
    assert _case(demo, number) == ("mh-district", "mh-liuan", "submitted")
    assert _task_url(client, "/window", number) is None  # the station only receives: nothing to accept there
    _logout(client)

    login(client, "window-hubin")  # another centre's clerk neither sees nor may take it
    assert _task_url(client, "/window", number) is None
    _logout(client)

    login(client, "window")  # the district hall accepts formally
    url = _task_url(client, "/window", number)
    assert url is not None
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "decision": "accept"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _case(demo, number)[2] == "in_approval"
    case_page = client.get(f"/cases/{number}").get_data(as_text=True)
    assert "柳岸社区便民服务站代收，转交明湖区政务服务中心受理" in case_page
    assert "受理中心" in case_page and "代收点" in case_page


def test_a_street_centre_refuses_a_district_item_naming_where_to_go(demo, client, login):
    slug, _ = demo_item("promised")
    login(client, "window-hubin")
    assert slug not in client.get("/window/new/").get_data(as_text=True)
    refused = client.get(f"/window/new/{slug}")
    assert refused.status_code == 403
    assert "该事项不能在湖滨街道便民服务中心受理" in refused.get_data(as_text=True)
    assert "明湖区政务服务中心" in refused.get_data(as_text=True)


def _as_promised_item(app) -> None:  # type: ignore[no-untyped-def]
    """The handle-anywhere demo item is an immediate item (decided and issued at once by a chief representative,
    tests/web/test_immediate_items.py); here it stands for any handle-anywhere item that goes on to the output
    window, so the centre rules of both window steps are seen."""
    from app.extensions import db
    from app.models import ServiceItem

    with app.app_context():
        db.session.scalar(select(ServiceItem).where(ServiceItem.code == PENSION)).kind = "promised"
        db.session.commit()


def test_a_handle_anywhere_item_is_accepted_and_issued_at_a_street_centre(demo, client, login):
    from app.extensions import db
    from app.models import ServiceItem

    _as_promised_item(demo)
    with demo.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == PENSION))
        slug, sample = item.slug, demo_item("immediate")[1]
        assert item.handle_anywhere
    login(client, "window-hubin")
    number = _entered(client, enter(demo, client, slug, sample, IDENTITY))
    assert _case(demo, number) == ("mh-hubin", None, "submitted")
    _logout(client)

    login(client, "window")  # the district hall's window does not see another centre's case, nor may work it
    assert _task_url(client, "/window", number) is None
    _logout(client)

    login(client, "window-hubin")
    url = _task_url(client, "/window", number)
    client.post(url, data={"csrf_token": csrf_token(client, url), "decision": "accept"})
    assert _case(demo, number)[2] == "awaiting_issue"  # no department step: straight to the output window
    output = _task_url(client, "/output", number)
    assert output is not None
    _logout(client)

    login(client, "window")
    assert _task_url(client, "/output", number) is None
    refused = client.post(output, data={"csrf_token": csrf_token(client, "/"), "delivery": "window"})
    assert refused.status_code == 403 and "湖滨街道便民服务中心" in refused.get_data(as_text=True)
    _logout(client)

    login(client, "window-hubin")
    issued = client.post(output, data={"csrf_token": csrf_token(client, output), "delivery": "window"})
    assert issued.status_code == 302, issued.get_data(as_text=True)
    assert _case(demo, number) == ("mh-hubin", None, "issued")
    from app.models import Application, Notification

    with demo.app_context():  # the applicant is told by the centre that has their result
        case_id = db.session.scalar(select(Application.id).where(Application.tracking_number == number))
        bodies = db.session.scalars(
            select(Notification.body).where(Notification.application_id == case_id, Notification.channel == "sms")
        ).all()
        assert bodies and all(body.startswith("【湖滨街道便民服务中心】") for body in bodies)


def test_the_guide_lists_where_an_item_is_accepted(demo, client):
    from app.extensions import db
    from app.models import ServiceItem

    with demo.app_context():
        slug = db.session.scalar(select(ServiceItem.slug).where(ServiceItem.code == PENSION))
    guide = client.get(f"/items/{slug}").get_data(as_text=True)
    assert "全区通办" in guide
    for name in ("明湖区政务服务中心", "湖滨街道便民服务中心", "青山镇便民服务中心", "柳岸社区便民服务站"):
        assert name in guide


def test_an_online_applicant_chooses_the_centre_of_a_handle_anywhere_item(demo, client, login):
    from app.extensions import db
    from app.models import ServiceItem
    from tests.web.test_pages import apply_form, encoded

    with demo.app_context():
        slug = db.session.scalar(select(ServiceItem.slug).where(ServiceItem.code == PENSION))
    sample = demo_item("immediate")[1]
    login(client, "citizen")
    assert "青山镇便民服务中心" in client.get(f"/items/{slug}/apply").get_data(as_text=True)
    csrf, token = apply_form(client, slug)
    fields = encoded(demo, slug, sample) | {"csrf_token": csrf, "submission_token": token, "confirm": "1"}
    response = client.post(f"/items/{slug}/apply", data=fields | {"centre": "mh-qingshan"})
    number = response.headers["Location"].split("/")[-2]
    assert _case(demo, number) == ("mh-qingshan", None, "submitted")
    _logout(client)
    login(client, "window-qingshan")
    assert _task_url(client, "/window", number) is not None


def test_supervision_splits_by_centre(demo, client, login):
    from app.extensions import db
    from app.services import cases
    from app.services.centres import centre_by_code
    from app.services.now import today
    from app.services.supervision_dashboard import Scope, build_dashboard
    from tests.factories import new_token
    from tests.integration.drive import live_version, user

    with demo.app_context():
        version, sample = live_version("immediate")
        for code in ("mh-hubin", "mh-hubin", "mh-qingshan"):
            cases.submit_application(
                version=version,
                applicant=user("citizen"),
                form_data=sample,
                submission_token=new_token(),
                centre=centre_by_code(code),
            )
        db.session.commit()
        hubin, qingshan = centre_by_code("mh-hubin").id, centre_by_code("mh-qingshan").id
        received = {
            name: build_dashboard(Scope(today(), today(), centre_id=centre)).counts["received"]
            for name, centre in (("hubin", hubin), ("qingshan", qingshan), ("all", None))
        }
    assert received == {"hubin": 2, "qingshan": 1, "all": 3}
    login(client, "supervisor")
    page = client.get(f"/supervise?centre={qingshan}").get_data(as_text=True)
    assert f'<option value="{qingshan}" selected>青山镇便民服务中心</option>' in page
    figure = rf'id="figure-received" href="[^"]*centre={qingshan}[^"]*"><span class="figure-value">1<'
    assert re.search(figure, page)
    split = client.get("/supervise").get_data(as_text=True)  # every centre's row: received, open, overdue, bookings
    cells = r"青山镇便民服务中心</a></td>\s*<td>1</td><td>1</td><td>0</td><td>0</td><td>0</td>"
    assert re.search(cells, split) and re.search(r"湖滨街道便民服务中心</a></td>\s*<td>2</td>", split)


def test_the_admin_lists_and_checks_centres(demo, client, login):
    login(client, "admin")
    listing = client.get("/admin/centres/").get_data(as_text=True)
    assert "柳岸社区便民服务站" in listing and "社区（村）级" in listing
    url = "/admin/centres/new/"
    form = {
        "csrf_token": csrf_token(client, url),
        "code": "mh-new",
        "name": "新城街道便民服务中心",
        "level": "street",
        "address": "新城路1号",
        "hours": "9点到12点",
        "windows": "2",
        "slot_minutes": "30",
        "active": "y",
    }
    refused = client.post(url, data=form).get_data(as_text=True)
    assert "办公时间：办公时间“9点到12点”无法识别" in refused
    client.post(url, data=form | {"hours": "09:00-12:00"})
    assert "新城街道便民服务中心" in client.get("/admin/centres/").get_data(as_text=True)
    assert client.get("/admin/booking_admin/").status_code == 200


def test_the_api_keeps_a_clerk_to_their_centre_too(demo, client, api_token):
    from app.extensions import db
    from app.models import HumanTask
    from app.services import cases
    from app.services.centres import centre_by_code
    from tests.factories import new_token
    from tests.integration.drive import IMMEDIATE_APPROVE, grant_chief_representative, live_version, user

    with demo.app_context():
        version, sample = live_version("immediate")
        application = cases.submit_application(
            version=version,
            applicant=user("citizen"),
            form_data=sample,
            submission_token=new_token(),
            centre=centre_by_code("mh-hubin"),
        )
        db.session.commit()
        task_id = db.session.scalar(select(HumanTask.id).where(HumanTask.application_id == application.id))
    with demo.app_context():
        grant_chief_representative("window", "window-hubin")  # 即办件: the clerks may decide it, but where?
    body = {"data": IMMEDIATE_APPROVE}
    refused = client.post(f"/api/v1/tasks/{task_id}/complete", json=body, headers=api_token(client, "window"))
    assert refused.status_code == 403 and "湖滨街道便民服务中心" in refused.get_json()["message"]
    accepted = client.post(f"/api/v1/tasks/{task_id}/complete", json=body, headers=api_token(client, "window-hubin"))
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["status"] == "issued"  # decided and issued at once


def test_cases_from_before_centres_are_the_district_halls(demo, client, login):
    from sqlalchemy import update

    from app.extensions import db
    from app.models import Application
    from tests.integration.drive import submit

    with demo.app_context():
        case_id = submit("promised")
        db.session.execute(update(Application).where(Application.id == case_id).values(centre_id=None))
        db.session.commit()
        number = db.session.scalar(select(Application.tracking_number).where(Application.id == case_id))
    login(client, "window")
    assert _task_url(client, "/window", number) is not None
    login(client, "window-hubin")
    assert _task_url(client, "/window", number) is None
