"""After 补正: the applicant reads the request at the top with the named fields marked; the window's queue marks
the case and its task shows what was asked and what changed, side by side."""

from __future__ import annotations

import re

from tests.factories import csrf_token
from tests.integration.drive import step, submit


def test_the_request_the_marked_fields_and_the_changes_side_by_side(demo, client, login):
    from app.extensions import db
    from app.models import Application
    from app.services.step_forms import application_form

    with demo.app_context():
        case = submit("promised")
        step(
            case,
            "window_review",
            "window",
            {"decision": "supplement", "reason": "请更正经营场所地址，并补充从业人员数"},
        )
        application = db.session.get(Application, case)
        number, data = application.tracking_number, dict(application.data)
        fields = dict(application_form(application.item_version).encode(data).items(multi=True))
    login(client, "citizen")
    url = f"/my/applications/{number}"
    page = client.get(url).get_data(as_text=True)
    top = page.index('id="supplement-request"')
    assert top < page.index('name="business.address"')  # the request is above the form
    assert "请更正经营场所地址" in page and "经营场所地址" in page[top : top + 800]
    assert 'data-field="business.address" data-asked="true"' in page
    assert 'data-field="applicant.name" data-asked' not in page
    fields["business.address"] = "明湖区新港路88号"
    answered = client.post(
        url, data=fields | {"csrf_token": csrf_token(client, url)}, content_type="multipart/form-data"
    )
    assert answered.status_code == 302, answered.get_data(as_text=True)[:2000]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "window")
    queue = client.get("/window").get_data(as_text=True)
    assert "补正后重新提交" in queue
    task = re.search(r'href="/tasks/(\d+)"', queue).group(1)
    page = client.get(f"/tasks/{task}").get_data(as_text=True)
    assert "请更正经营场所地址，并补充从业人员数" in page
    changes = page[page.index('id="resubmission-changes"') :]
    assert "经营场所地址" in changes and "<del>" in changes and "明湖区新港路88号" in changes
    assert "经办人姓名" not in changes[: changes.index("</table>")]  # unchanged answers are not listed
