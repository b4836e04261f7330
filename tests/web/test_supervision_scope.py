"""A street centre's supervisor sees the cases of their centre and of the stations below it (代收代办 included),
never another centre's, whatever the address bar asks; the district's supervisor sees all and narrows by centre
and by window. Drill-downs and exports follow the same scope."""

from __future__ import annotations

import re

PERIOD = "from=2026-12-01&to=2026-12-31"


def _cases(demo) -> dict[str, str]:
    """Four cases of the handle-anywhere demo item: at the district, at 湖滨 (two: one of them taken in by the
    柳岸 community station), at 青山; each accepted by its centre's clerk. Tracking numbers by name."""
    from datetime import datetime

    from app.extensions import db
    from app.models import Application
    from app.services import cases
    from app.services.centres import centre_by_code
    from tests.factories import new_token
    from tests.integration.drive import IMMEDIATE_APPROVE, grant_chief_representative, live_version, step, user

    demo.config["CLOCK_NOW"] = lambda: datetime(2026, 12, 14, 2, 0)
    numbers = {}
    with demo.app_context():
        version, sample = live_version("immediate")
        grant_chief_representative("window", "window-hubin", "window-qingshan")  # 即办件: decided at the window
        placed = (
            ("district", "mh-district", None, "window"),
            ("hubin", "mh-hubin", None, "window-hubin"),
            ("liuan", "mh-hubin", "mh-liuan", "window-hubin"),
            ("qingshan", "mh-qingshan", None, "window-qingshan"),
        )
        for name, centre, received, clerk in placed:
            application = cases.submit_application(
                version=version,
                applicant=user("citizen"),
                form_data=sample,
                submission_token=new_token(),
                centre=centre_by_code(centre),
                received_centre=centre_by_code(received) if received else None,
            )
            db.session.commit()
            step(application.id, "window_review", clerk, IMMEDIATE_APPROVE)
            numbers[name] = db.session.get(Application, application.id).tracking_number
    return numbers


def _received(page: str) -> str:
    return re.search(r'id="figure-received" href="[^"]*"><span class="figure-value">(\d+)<', page).group(1)


def test_a_street_supervisor_sees_only_their_centre_and_its_stations(demo, client, login):
    numbers = _cases(demo)
    with demo.app_context():
        from app.services.centres import centre_by_code

        district, qingshan = centre_by_code("mh-district").id, centre_by_code("mh-qingshan").id
    login(client, "supervisor-hubin")
    page = client.get(f"/supervise?{PERIOD}").get_data(as_text=True)
    assert _received(page) == "2"
    assert "全部</option>" not in page.split('name="centre"')[1].split("</select>")[0]
    assert "青山镇便民服务中心" not in page and "lights-by-department" not in page
    # Asking for the district (or another street) in the address bar gives their own centre back.
    for asked in (district, qingshan):
        page = client.get(f"/supervise?{PERIOD}&centre={asked}").get_data(as_text=True)
        assert _received(page) == "2"
    listed = client.get(f"/supervise/cases/received?{PERIOD}&centre={district}").get_data(as_text=True)
    assert numbers["hubin"] in listed and numbers["liuan"] in listed
    assert numbers["district"] not in listed and numbers["qingshan"] not in listed
    exported = client.get(f"/supervise/export.csv?{PERIOD}&figure=received").get_data(as_text=True)
    assert numbers["hubin"] in exported and numbers["district"] not in exported


def test_the_district_supervisor_sees_all_and_narrows_by_centre_and_window(demo, client, login):
    numbers = _cases(demo)
    with demo.app_context():
        from app.services.centres import centre_by_code

        hubin, district = centre_by_code("mh-hubin").id, centre_by_code("mh-district").id
    login(client, "supervisor")
    page = client.get(f"/supervise?{PERIOD}").get_data(as_text=True)
    assert _received(page) == "4" and "lights-by-department" in page
    assert _received(client.get(f"/supervise?{PERIOD}&centre={hubin}").get_data(as_text=True)) == "2"
    # "1号窗口" is a window at every centre: a window is chosen with its centre, and names the cases of that
    # centre's clerks there, never the other centres' windows of the same name.
    assert f'<option value="{hubin}:1号窗口" >湖滨街道便民服务中心 · 1号窗口</option>' in page
    assert _received(client.get(f"/supervise?{PERIOD}&window={hubin}:1号窗口").get_data(as_text=True)) == "2"
    assert _received(client.get(f"/supervise?{PERIOD}&window={district}:1号窗口").get_data(as_text=True)) == "1"
    assert _received(client.get(f"/supervise?{PERIOD}&centre={hubin}&window=1号窗口").get_data(as_text=True)) == "2"
    # A bare name with no centre chosen is no one window: nothing is filtered by it.
    assert _received(client.get(f"/supervise?{PERIOD}&window=1号窗口").get_data(as_text=True)) == "4"
    listed = client.get(f"/supervise/cases/received?{PERIOD}&window={hubin}:1号窗口").get_data(as_text=True)
    assert numbers["liuan"] in listed and numbers["hubin"] in listed
    assert numbers["district"] not in listed and numbers["qingshan"] not in listed
    exported = client.get(f"/supervise/export.csv?{PERIOD}&figure=received&window={district}:1号窗口")
    assert numbers["district"] in exported.get_data(as_text=True)
    assert numbers["hubin"] not in exported.get_data(as_text=True)


def test_a_street_supervisor_cannot_reach_another_centres_window(demo, client, login):
    numbers = _cases(demo)
    with demo.app_context():
        from app.services.centres import centre_by_code

        qingshan = centre_by_code("mh-qingshan").id
    login(client, "supervisor-hubin")
    page = client.get(f"/supervise?{PERIOD}&window={qingshan}:1号窗口").get_data(as_text=True)
    assert _received(page) == "0"  # held to 湖滨: 青山's window has no case there
    assert f'value="{qingshan}:1号窗口"' not in page
    listed = client.get(f"/supervise/cases/received?{PERIOD}&window={qingshan}:1号窗口").get_data(as_text=True)
    assert numbers["qingshan"] not in listed
