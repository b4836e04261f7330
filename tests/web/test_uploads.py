"""Materials: kept on disk with a reference in the case JSON, type sniffed from content, size-limited, private."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from tests.factories import csrf_token

WSJK = "11440199007495413A4442111004"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def post_application(app, client, extra: dict) -> tuple[int, str]:
    import json

    from app.extensions import db
    from app.models import ServiceItem
    from app.services.step_forms import application_form
    from tests.factories import DEMO

    sample = json.loads((DEMO / WSJK / "sample.json").read_text())
    with app.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == WSJK))
        fields = dict(application_form(item.live_version).encode(sample).items(multi=True))
    page = client.get(f"/items/{WSJK}/apply").get_data(as_text=True)
    token = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    data = fields | {"csrf_token": csrf_token(client, f"/items/{WSJK}/apply"), "submission_token": token}
    data |= {"confirm": "1"} | extra
    response = client.post(f"/items/{WSJK}/apply", data=data, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def stored_case(app):
    from app.extensions import db
    from app.models import Application

    with app.app_context():
        return db.session.scalars(select(Application)).all()


def test_pdf_is_stored_outside_the_case_and_only_its_people_can_download_it(demo, client, login):
    login(client, "citizen")
    status, _ = post_application(demo, client, {"floor_plan": (io.BytesIO(PDF), "平面图.pdf")})
    assert status == 302
    [application] = stored_case(demo)
    reference = application.data["floor_plan"]
    assert reference["media_type"] == "application/pdf" and reference["size"] == len(PDF)
    assert "JVBER" not in str(application.data)  # no base64 of the PDF in the case row

    download = client.get(f"/files/{reference['file_id']}")
    assert download.status_code == 200 and download.data == PDF
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})

    with demo.app_context():
        from app.extensions import db
        from app.models import Role
        from app.services.users import create_user

        create_user("citizen2", "李四", "demo1234", (Role.CITIZEN,))
        db.session.commit()
    login(client, "citizen2")
    assert client.get(f"/files/{reference['file_id']}").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "window")
    assert client.get(f"/files/{reference['file_id']}").status_code == 200


def test_a_text_file_named_pdf_is_refused_by_its_content(demo, client, login):
    login(client, "citizen")
    status, page = post_application(demo, client, {"floor_plan": (io.BytesIO(b"just text, not a PDF"), "plan.pdf")})
    assert status == 422
    assert "卫生设施平面布局图" in page
    assert stored_case(demo) == []


def test_a_reference_to_someone_elses_file_is_refused(demo, client, login):
    login(client, "citizen")
    forged = (
        '{"file_id": "0123456789abcdef0123456789abcdef", "name": "x.pdf", "size": 10, "media_type": "application/pdf"}'
    )
    status, page = post_application(demo, client, {"floor_plan": forged})
    assert status == 422
    assert stored_case(demo) == []


def test_an_oversized_post_gets_a_clear_answer_and_stores_nothing(demo, client, login):
    login(client, "citizen")
    demo.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    status, page = post_application(demo, client, {"floor_plan": (io.BytesIO(PDF + b"0" * 200_000), "big.pdf")})
    assert status == 413
    assert "上传的内容过大" in page
    assert stored_case(demo) == []
