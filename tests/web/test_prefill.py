"""Prefill of data element fields in the portal and at the window: from the applicant's own record only,
marked, editable, and what is posted is what is stored."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from tests.factories import DEMO, csrf_token, new_token

WSJK = "11440199007495413A4442111004"  # 公共场所卫生许可: applicant + business elements
OUTDOOR = "11440199007495763G4442111007"  # 户外广告: the earlier case
OTHER_PERSON = {"name": "赵其他", "id_number": "11010519491231002X", "mobile": "13600000000"}


def sample(slug: str) -> dict:
    return json.loads((DEMO / slug / "sample.json").read_text())


def earlier_case(app, username: str, slug: str, data: dict) -> None:
    from app.extensions import db
    from app.models import Role, ServiceItem, User
    from app.services import cases
    from app.services.users import create_user

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = create_user(username, username, "demo1234", (Role.CITIZEN,))
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
        cases.submit_application(
            version=item.live_version, applicant=user, form_data=data, submission_token=new_token()
        )
        db.session.commit()


def is_prefilled_with(page: str, path: str, value: str) -> bool:
    group = re.search(rf'<div class="([^"]*)" data-field="{re.escape(path)}"', page)
    assert group, f"no field {path}"
    rest = page[group.end() :]
    following = rest.find("data-field=")
    html = rest if following < 0 else rest[:following]  # this field's own markup only
    return "yc-prefilled" in group.group(1) and f'value="{value}"' in html and "已根据以往提交的信息预填" in html


def test_citizen_sees_their_earlier_values_marked_and_nobody_elses(demo, client, login):
    mine = sample(OUTDOOR)
    earlier_case(demo, "citizen", OUTDOOR, mine)
    other = sample(OUTDOOR) | {
        "applicant": OTHER_PERSON,
        "business": {"name": "别人的公司", "credit_code": "91350100M000100Y43"},
    }
    earlier_case(demo, "someone-else", OUTDOOR, other)  # submitted later: the newest case overall

    login(client, "citizen")
    page = client.get(f"/items/{WSJK}/apply").get_data(as_text=True)
    assert is_prefilled_with(page, "applicant.name", mine["applicant"]["name"])
    assert is_prefilled_with(page, "applicant.id_number", mine["applicant"]["id_number"])
    assert is_prefilled_with(page, "applicant.mobile", mine["applicant"]["mobile"])
    assert is_prefilled_with(page, "business.name", mine["business"]["name"])
    assert is_prefilled_with(page, "business.credit_code", mine["business"]["credit_code"])
    assert "部分字段已根据您以往提交的信息预填" in page
    for theirs in ("赵其他", "11010519491231002X", "13600000000", "别人的公司"):
        assert theirs not in page
    # fields the earlier case never asked stay empty and unmarked
    assert not re.search(r'class="[^"]*yc-prefilled[^"]*" data-field="venue_type"', page)


def test_a_citizen_without_earlier_cases_gets_an_empty_form(demo, client, login):
    earlier_case(demo, "someone-else", OUTDOOR, sample(OUTDOOR))
    login(client, "citizen")
    page = client.get(f"/items/{WSJK}/apply").get_data(as_text=True)
    assert "yc-prefilled" not in page and sample(OUTDOOR)["applicant"]["name"] not in page


def test_the_submitted_value_is_stored_not_the_prefilled_one(demo, client, login):
    from app.extensions import db
    from app.models import Application, ServiceItem, User
    from app.services.step_forms import application_form

    earlier_case(demo, "citizen", OUTDOOR, sample(OUTDOOR))
    login(client, "citizen")
    url = f"/items/{WSJK}/apply"
    page = client.get(url).get_data(as_text=True)
    assert is_prefilled_with(page, "applicant.mobile", sample(OUTDOOR)["applicant"]["mobile"])
    data = sample(WSJK)
    data["applicant"] = {**data["applicant"], "mobile": "13712345678"}  # the applicant changed the prefilled number
    data.pop("floor_plan", None)
    with demo.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == WSJK))
        fields = dict(application_form(item.live_version).encode(data).items(multi=True))
    token = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    fields |= {"csrf_token": csrf_token(client, url), "submission_token": token, "confirm": "1"}
    response = client.post(url, data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    with demo.app_context():
        citizen = db.session.scalar(select(User).where(User.username == "citizen"))
        newest = db.session.scalars(
            select(Application).where(Application.applicant_id == citizen.id).order_by(Application.id.desc())
        ).first()
        assert newest.data["applicant"]["mobile"] == "13712345678"
        assert newest.data["applicant"]["name"] == data["applicant"]["name"]


def test_window_prefills_once_the_clerk_found_the_person_by_id_number(demo, client, login):
    person = sample(OUTDOOR)
    theirs = {"name": "赵氏文化有限公司", "credit_code": "91350100M000100Y43"}
    earlier_case(demo, "someone-else", OUTDOOR, sample(OUTDOOR) | {"applicant": OTHER_PERSON, "business": theirs})
    login(client, "window")
    url = f"/window/new/{WSJK}"
    first = client.get(url).get_data(as_text=True)
    assert "yc-prefilled" not in first  # nothing until the person is found
    # a walk-in who came before: their account holds their ID number, their case the rest
    from app.extensions import db
    from app.models import User

    with demo.app_context():
        other = db.session.scalar(select(User).where(User.username == "someone-else"))
        other.id_number, other.phone = OTHER_PERSON["id_number"], OTHER_PERSON["mobile"]
        db.session.commit()
    earlier_case(demo, "citizen", OUTDOOR, person)

    token = re.search(r'name="submission_token" value="([^"]+)"', first).group(1)
    found = client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "submission_token": token, "find_id_number": "11010519491231002x"},
    ).get_data(as_text=True)
    assert "已找到申请人" in found
    assert 'value="赵其他"' in found and 'value="11010519491231002X"' in found
    assert is_prefilled_with(found, "applicant.mobile", OTHER_PERSON["mobile"])
    assert is_prefilled_with(found, "business.name", theirs["name"])
    assert person["applicant"]["name"] not in found and person["business"]["name"] not in found

    unknown = client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "submission_token": token, "find_id_number": "440199198809154051"},
    ).get_data(as_text=True)
    assert "未找到该身份证号码的申请人" in unknown and "yc-prefilled" not in unknown


def test_a_case_a_clerk_entered_for_the_citizen_gives_no_personal_data(demo, client, login):
    """The walk-in case's 经办人 was the agent who came: their name and mobile are not the citizen's to be
    prefilled with; the company the case was for is."""
    from app.extensions import db
    from app.models import ServiceItem, User
    from app.services import cases

    agent = sample(OUTDOOR) | {"applicant": OTHER_PERSON}
    with demo.app_context():
        citizen = db.session.scalar(select(User).where(User.username == "citizen"))
        clerk = db.session.scalar(select(User).where(User.username == "window"))
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == OUTDOOR))
        cases.submit_application(
            version=item.live_version,
            applicant=citizen,
            form_data=agent,
            submission_token=new_token(),
            channel="window",
            entered_by=clerk,
        )
        db.session.commit()
    login(client, "citizen")
    page = client.get(f"/items/{WSJK}/apply").get_data(as_text=True)
    assert OTHER_PERSON["name"] not in page and OTHER_PERSON["mobile"] not in page
    assert is_prefilled_with(page, "business.name", agent["business"]["name"])
