"""Finding a case from the staff pages: by number, name, ID, mobile, credit code, item and date, within rights;
today's cases and my finished work, page by page."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.integration.drive import step, submit, user

ITEM = "11440199007495413A4442111004"  # 公共场所卫生许可证核发 (wsjk); its sample names 明湖区锦程商务酒店有限公司


def _cases(app, count: int = 1) -> list[tuple[int, str]]:
    from app.extensions import db
    from app.models import Application

    with app.app_context():
        ids = [submit("promised") for _ in range(count)]
        return [(i, db.session.get(Application, i).tracking_number) for i in ids]


def _sample(app) -> dict:
    from app.extensions import db
    from app.models import Application

    with app.app_context():
        return db.session.scalars(select(Application)).first().data


def _numbers(page: str) -> list[str]:
    return re.findall(r'href="/cases/(YC\w+)"', page)


def test_the_window_finds_a_case_by_each_identifier_from_any_page(demo, client, login):
    [(case_id, number)] = _cases(demo)
    data = _sample(demo)
    login(client, "window")
    assert 'action="/search"' in client.get("/window").get_data(as_text=True)  # the box is on every staff page
    for typed in (
        number.lower(),
        data["applicant"]["name"],
        data["applicant"]["id_number"],
        data["applicant"]["mobile"],
        data["business"]["credit_code"].lower(),
        data["business"]["name"][2:6],  # part of the company's name
        "张三（申请人）",  # the demo citizen's account name
    ):
        page = client.get("/search", query_string={"q": typed})
        assert page.status_code == 200, typed
        assert _numbers(page.get_data(as_text=True)) == [number], typed
    assert _numbers(client.get("/search?q=13800000000").get_data(as_text=True)) == []


def test_an_approver_finds_only_cases_their_department_has_worked(demo, client, login):
    [(case_id, number)] = _cases(demo)
    login(client, "wsjk")
    name = _sample(demo)["applicant"]["name"]
    assert _numbers(client.get("/search", query_string={"q": name}).get_data(as_text=True)) == []
    with demo.app_context():
        step(case_id, "window_review", "window", {"decision": "accept"})
    assert _numbers(client.get("/search", query_string={"q": name}).get_data(as_text=True)) == [number]
    client.post(
        "/logout",
        data={
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(
                1
            )
        },
    )
    login(client, "rsj")
    assert _numbers(client.get("/search", query_string={"q": number}).get_data(as_text=True)) == []
    login(client, "citizen")
    assert client.get("/search?q=x").status_code == 403


def test_item_and_dates_narrow_the_search_and_a_bad_date_is_named(demo, client, login):
    from app.extensions import db
    from app.models import ServiceItem

    [(case_id, number)] = _cases(demo)
    login(client, "supervisor")
    with demo.app_context():
        items = {i.slug: i.id for i in db.session.scalars(select(ServiceItem))}
        from app.services.now import today

        day = today()
    other = next(i for slug, i in items.items() if slug != ITEM)
    assert _numbers(client.get(f"/search?item={items[ITEM]}").get_data(as_text=True)) == [number]
    assert _numbers(client.get(f"/search?item={other}").get_data(as_text=True)) == []
    assert _numbers(client.get(f"/search?from={day}&to={day}").get_data(as_text=True)) == [number]
    later = day + timedelta(days=1)
    assert _numbers(client.get(f"/search?from={later}").get_data(as_text=True)) == []
    bad = client.get("/search?from=2026-13-40")
    assert bad.status_code == 422 and "提交日期（起）不是有效日期" in bad.get_data(as_text=True)
    reversed_range = client.get(f"/search?from={later}&to={day}")
    assert reversed_range.status_code == 422 and "不能早于" in reversed_range.get_data(as_text=True)


def test_today_and_my_finished_work_come_in_pages(demo, client, login):
    from app.services.now import today
    from app.services.staff_search import cases_of_day, finished_work

    cases = _cases(demo, 3)
    with demo.app_context():
        for case_id, _ in cases:
            step(case_id, "window_review", "window", {"decision": "accept"})
        clerk = user("window")
        first, second = cases_of_day(clerk, today(), 1, per_page=2), cases_of_day(clerk, today(), 2, per_page=2)
        assert len(first.rows) == 2 and first.has_next and not first.has_previous
        assert len(second.rows) == 1 and not second.has_next and second.has_previous
        assert {a.tracking_number for a in first.rows + second.rows} == {n for _, n in cases}
        done = finished_work(clerk, 1, per_page=2)
        assert len(done.rows) == 2 and done.has_next and done.rows[0].completed_by_id == clerk.id
    login(client, "window")
    assert sorted(_numbers(client.get("/cases/today").get_data(as_text=True))) == sorted(n for _, n in cases)
    done_page = client.get("/work/done").get_data(as_text=True)
    assert sorted(_numbers(done_page)) == sorted(n for _, n in cases) and "综合窗口受理" in done_page
