"""Complaints belong to a centre (their case's, or the window's or clerk's, chosen on the form): a street centre's
supervisor sees and counts only their centre's and its stations' complaints; the district's supervisor sees them
all, split by centre, on the complaint desk and on the dashboard."""

from __future__ import annotations

import re

from tests.factories import csrf_token
from tests.web.test_supervision_scope import PERIOD, _cases


def _file(client, **fields) -> int:
    data = {"csrf_token": csrf_token(client, "/complaints/new"), "phone": "13912345678", **fields}
    response = client.post("/complaints/new", data=data)
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(re.search(r"TS(\d{6})", response.get_data(as_text=True)).group(1))


def _complaints(demo, client) -> dict[str, int]:
    """Complaints about the 湖滨 case, the 柳岸-taken-in case, the 青山 case and the district's 1号窗口."""
    numbers = _cases(demo)
    with demo.app_context():
        from app.services.centres import centre_by_code

        district = centre_by_code("mh-district").id
    filed = {
        name: _file(client, about="case", tracking_number=numbers[name], content="办理太慢，反复跑了三次")
        for name in ("hubin", "liuan", "qingshan")
    }
    refused = client.post(
        "/complaints/new",
        data={
            "csrf_token": csrf_token(client, "/complaints/new"),
            "about": "window",
            "window_name": "1号窗口",
            "content": "窗口人员态度冷淡",
            "phone": "13912345678",
        },
    )
    assert refused.status_code == 422 and "请选择窗口或工作人员所在的服务中心" in refused.get_data(as_text=True)
    filed["window"] = _file(client, about="window", window_name="1号窗口", centre=district, content="窗口人员态度冷淡")
    return filed


def _row(page: str, table: str, name: str) -> list[str]:
    body = page.split(f'id="{table}"')[1].split("</table>")[0]
    row = next(r for r in body.split("<tr>") if name in r)
    return re.findall(r"<td>(\d+)</td>", row)


def test_complaints_take_their_centre_and_a_street_supervisor_sees_only_theirs(demo, client, login):
    from app.extensions import db
    from app.models import Complaint
    from app.services.centres import centre_by_code

    filed = _complaints(demo, client)
    with demo.app_context():
        centres = {name: db.session.get(Complaint, cid).centre.code for name, cid in filed.items()}
    # The case taken in at 柳岸 and accepted at 湖滨 is 湖滨's; the window complaint names its centre.
    assert centres == {"hubin": "mh-hubin", "liuan": "mh-hubin", "qingshan": "mh-qingshan", "window": "mh-district"}

    login(client, "supervisor-hubin")
    desk = client.get("/complaints").get_data(as_text=True)
    listed = set(int(n) for n in re.findall(r"TS(\d{6})</a>", desk))
    assert listed == {filed["hubin"], filed["liuan"]}
    received = desk.split('id="complaint-statistics"')[1].split("</table>")[0]
    assert re.findall(r"<td>(\d+)</td>", received)[0] == "2"  # 待分派: their two, not all four
    assert "青山镇便民服务中心" not in desk and "明湖区政务服务中心" not in desk
    assert client.get(f"/complaints/{filed['qingshan']}").status_code == 404
    assert client.get(f"/complaints/{filed['hubin']}").status_code == 200
    board = client.get(f"/supervise?{PERIOD}").get_data(as_text=True)
    assert "投诉（未结 2）" in board
    assert _row(board, "by-centre", "湖滨街道便民服务中心")[-2:] == ["2", "2"]

    login(client, "supervisor")
    desk = client.get("/complaints").get_data(as_text=True)
    assert len(set(re.findall(r"TS(\d{6})</a>", desk))) == 4
    assert _row(desk, "complaints-by-centre", "湖滨街道便民服务中心") == ["2", "2", "0"]
    assert _row(desk, "complaints-by-centre", "青山镇便民服务中心") == ["1", "1", "0"]
    assert _row(desk, "complaints-by-centre", "明湖区政务服务中心") == ["1", "1", "0"]
    board = client.get(f"/supervise?{PERIOD}").get_data(as_text=True)
    assert "投诉（未结 4）" in board
    assert _row(board, "by-centre", "青山镇便民服务中心")[-2:] == ["1", "1"]
    with demo.app_context():
        qingshan = centre_by_code("mh-qingshan").id
    narrowed = client.get(f"/supervise?{PERIOD}&centre={qingshan}").get_data(as_text=True)
    assert "投诉（未结 1）" in narrowed
