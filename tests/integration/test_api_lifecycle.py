"""One joint case all the way through the JSON API: submit, accept, two departments in parallel, issue."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import REPO
from tests.factories import demo_item, new_token, statements_during
from tests.integration.drive import MAIL

REVIEW = {"approved": True, "opinion": "材料齐全，符合条件", "inspection_result": "pass"}


def tasks_of(client, headers):
    response = client.get("/api/v1/tasks", headers=headers)
    assert response.status_code == 200
    return response.get_json()["tasks"]


def complete(client, headers, task_id, data):
    return client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": data}, headers=headers)


def test_joint_case_through_the_api(demo, client, api_token):
    slug, sample = demo_item("joint")
    citizen, window = api_token(client, "citizen"), api_token(client, "window")
    scjg, wsjk = api_token(client, "scjg"), api_token(client, "wsjk")

    response = client.post(
        f"/api/v1/items/{slug}/applications", json={"data": sample, "submission_token": new_token()}, headers=citizen
    )
    assert response.status_code == 201, response.get_json()
    case = response.get_json()
    number = case["tracking_number"]
    assert case["status"] == "submitted"

    [review] = [t for t in tasks_of(client, window) if t["tracking_number"] == number]
    assert review["element_id"] == "window_review"
    assert tasks_of(client, scjg) == []  # nothing reaches a department before the window accepts

    accepted = complete(client, window, review["id"], {"decision": "accept"})
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["status"] == "in_approval"
    assert accepted.get_json()["due_date"]

    [market] = tasks_of(client, scjg)
    [health] = tasks_of(client, wsjk)
    assert market["lane"] == "scjg" and health["lane"] == "wsjk"
    assert tasks_of(client, api_token(client, "cgj")) == []  # other departments see nothing

    assert client.post(f"/api/v1/tasks/{market['id']}/claim", headers=scjg).status_code == 200
    # A claimed task is closed to anyone else, even the right department's colleague would be refused.
    assert client.post(f"/api/v1/tasks/{market['id']}/claim", headers=wsjk).status_code == 403
    assert complete(client, scjg, market["id"], REVIEW).status_code == 200
    after_one = client.get(f"/api/v1/applications/{number}", headers=citizen).get_json()
    assert after_one["status"] == "in_approval"  # the join waits for the second department

    assert complete(client, wsjk, health["id"], {"approved": True, "opinion": "卫生条件符合"}).status_code == 200
    [issue] = [t for t in tasks_of(client, window) if t["tracking_number"] == number]
    assert issue["element_id"] == "output_issue"

    issued = complete(client, window, issue["id"], {"delivery": "window"})
    assert issued.status_code == 200
    final = client.get(f"/api/v1/applications/{number}", headers=citizen).get_json()
    assert final["status"] == "issued"
    assert final["outcome"] == "approved"
    assert all(t["state"] in ("completed", "cancelled") for t in final["tasks"])

    with demo.app_context():
        from app.extensions import db
        from app.models import Application, AuditEvent

        application = db.session.scalar(select(Application).where(Application.tracking_number == number))
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.application_id == application.id).order_by(AuditEvent.id)
        ).all()
        trail = [(e.action, e.actor_name) for e in events if e.action != "task_claimed"]
        assert trail[0][0] == "submitted" and "张三" in trail[0][1]
        assert ("window_review.completed", "李窗口（综合窗口）") in trail
        assert ("scjg_review.completed", "王审批（市场监管局）") in trail
        assert ("wsjk_review.completed", "赵审批（卫生健康委）") in trail
        assert trail[-1] == ("output_issue.completed", "李窗口（综合窗口）")
        assert events[-1].after == {"status": "issued", "outcome": "approved"}


def test_department_rejection_ends_rejected_after_the_notice_is_handed_out(demo, client, api_token):
    slug, sample = demo_item("promised")
    citizen, window = api_token(client, "citizen"), api_token(client, "window")
    body = {"data": sample, "submission_token": new_token()}
    number = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).get_json()["tracking_number"]
    [review] = tasks_of(client, window)
    complete(client, window, review["id"], {"decision": "accept"})
    department = client.get(f"/api/v1/applications/{number}", headers=window).get_json()["tasks"][-1]["lane"]
    approver = api_token(client, department)
    steps = 0
    while tasks := tasks_of(client, approver):
        response = complete(client, approver, tasks[0]["id"], {"approved": False, "opinion": "场所不符合卫生要求"})
        assert response.status_code == 200, response.get_json()
        steps += 1
    assert steps == 2  # 审查 then 审核决定, in the one department's lane
    [issue] = tasks_of(client, window)
    assert issue["element_id"] == "output_issue"
    complete(client, window, issue["id"], MAIL)
    final = client.get(f"/api/v1/applications/{number}", headers=citizen).get_json()
    assert (final["status"], final["outcome"]) == ("rejected", "rejected")


def test_api_refuses_without_token_and_with_bad_data(demo, client, api_token):
    slug, sample = demo_item("joint")
    assert client.get("/api/v1/tasks").status_code == 401
    assert client.get("/api/v1/tasks").get_json()["error_code"] == "unauthorized"
    citizen = api_token(client, "citizen")
    bad = dict(sample, staff_count="很多")
    response = client.post(
        f"/api/v1/items/{slug}/applications", json={"data": bad, "submission_token": new_token()}, headers=citizen
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error_code"] == "invalid_data"
    assert "staff_count" in body["details"]
    assert (
        client.post(
            "/api/v1/items/no-such-item/applications", json={"data": {}, "submission_token": "x"}, headers=citizen
        ).status_code
        == 404
    )


def test_same_submission_token_twice_creates_one_case(demo, client, api_token):
    slug, sample = demo_item("joint")
    citizen = api_token(client, "citizen")
    body = {"data": sample, "submission_token": new_token()}
    first = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).get_json()
    second = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).get_json()
    assert first["tracking_number"] == second["tracking_number"]


def test_openapi_document_describes_the_lifecycle(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in ("/items/{slug}/applications", "/tasks", "/tasks/{task_id}/claim", "/tasks/{task_id}/complete"):
        assert path in spec["paths"]


def test_health_answers_without_a_token_or_the_database(app, client):
    responses = []
    statements = statements_during(app, lambda: responses.append(client.get("/api/v1/health")))
    assert (responses[0].status_code, responses[0].get_json()) == (200, {"status": "ok"})
    assert statements == []
    assert "/health" in client.get("/api/v1/openapi.json").get_json()["paths"]
    # The listener sees reads: the same helper around an authenticated read records its statements.
    assert statements_during(app, lambda: client.get("/api/v1/tasks", headers={"Authorization": "Bearer x"}))


def test_a_case_is_shown_to_its_applicant_and_staff_only(demo, client, api_token):
    slug, sample = demo_item("joint")
    citizen = api_token(client, "citizen")
    body = {"data": sample, "submission_token": new_token()}
    number = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).get_json()["tracking_number"]

    own = client.get(f"/api/v1/applications/{number}", headers=citizen).get_json()
    assert (own["tracking_number"], own["item"], own["version"], own["status"]) == (number, slug, 1, "submitted")
    assert own["data"] == sample and [t["element_id"] for t in own["tasks"]] == ["window_review"]
    assert client.get(f"/api/v1/applications/{number}", headers=api_token(client, "supervisor")).status_code == 200

    # An approver whose department has no step on the case (none has one before acceptance): no need to know.
    stranger = client.get(f"/api/v1/applications/{number}", headers=api_token(client, "scjg"))
    assert (stranger.status_code, stranger.get_json()["error_code"]) == (404, "not_found")
    missing = client.get("/api/v1/applications/YC000000000000000", headers=citizen)
    assert (missing.status_code, missing.get_json()["error_code"]) == (404, "not_found")


def _complete_as_read_after(client, headers, task_id, data, number, reader):
    """Complete a task and check its answer's task list is the list a fresh read of the case gives."""
    response = complete(client, headers, task_id, data)
    assert response.status_code == 200, response.get_json()
    answered = response.get_json()
    read = client.get(f"/api/v1/applications/{number}", headers=reader).get_json()
    assert answered["tasks"] == read["tasks"]
    assert {k: v for k, v in answered.items() if k != "tasks"} == {k: v for k, v in read.items() if k != "tasks"}
    return answered


def test_a_completion_answers_with_the_task_list_a_fresh_read_gives(demo, client, api_token):
    # The answer is built from the rows the step locked and wrote, not read again: it must not drift from a read.
    slug, sample = demo_item("joint")
    citizen, window = api_token(client, "citizen"), api_token(client, "window")
    scjg, wsjk = api_token(client, "scjg"), api_token(client, "wsjk")
    body = {"data": sample, "submission_token": new_token()}
    number = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).get_json()["tracking_number"]

    [review] = tasks_of(client, window)
    asked = _complete_as_read_after(
        client, window, review["id"], {"decision": "supplement", "reason": "营业执照复印件不清晰"}, number, citizen
    )
    [supplement] = [t for t in asked["tasks"] if t["state"] == "ready"]
    assert supplement["lane"] == "applicant" and supplement["assignee"] is None
    _complete_as_read_after(client, citizen, supplement["id"], sample, number, citizen)

    [review] = tasks_of(client, window)
    accepted = _complete_as_read_after(client, window, review["id"], {"decision": "accept"}, number, citizen)
    assert [t["lane"] for t in accepted["tasks"] if t["state"] == "ready"] == ["scjg", "wsjk"]  # two new rows
    assert accepted["tasks"][2]["assignee"] == "window"

    [market] = tasks_of(client, scjg)
    assert client.post(f"/api/v1/tasks/{market['id']}/claim", headers=scjg).status_code == 200
    rejected = _complete_as_read_after(
        client,
        scjg,
        market["id"],
        {"approved": False, "opinion": "经营场所不符合要求", "inspection_result": "fail"},
        number,
        citizen,
    )
    assert any(t["assignee"] == "scjg" and t["state"] == "completed" for t in rejected["tasks"])
    while tasks := tasks_of(client, wsjk):
        _complete_as_read_after(client, wsjk, tasks[0]["id"], {"approved": True, "opinion": "同意"}, number, citizen)
    [issue] = tasks_of(client, window)
    final = _complete_as_read_after(client, window, issue["id"], MAIL, number, citizen)
    assert final["status"] == "rejected"


def test_a_completion_that_cancels_a_parallel_branch_answers_with_the_cancelled_task(demo, client, api_token, tmp_path):
    # The joint item's path swapped for one whose market refusal ends the process (a terminate end event): the
    # health department's open task is cancelled by the market's step, and the step's answer must say so.
    import json
    import shutil

    from app.cli import DEMO_CATALOG
    from app.extensions import db
    from app.services.catalog import load_catalog

    slug, sample = demo_item("joint")
    catalog = tmp_path / "catalog"
    shutil.copytree(DEMO_CATALOG, catalog)
    item_dir = catalog / slug
    bpmn = (REPO / "tests" / "data" / "bpmn" / "terminate_error_item.bpmn").read_text(encoding="utf-8")
    ui_hint = '<spiffworkflow:property name="formUiSchemaFilename" value="review.ui.json" />'
    assert ui_hint in bpmn
    (item_dir / "approval.bpmn").write_text(bpmn.replace(ui_hint, ""), encoding="utf-8")  # a catalogue item has none
    shutil.copy(item_dir / "wsjk_review.schema.json", item_dir / "review.schema.json")
    meta = json.loads((item_dir / "item.json").read_text(encoding="utf-8"))
    meta["process_id"] = "restaurant_with_site_check"
    (item_dir / "item.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    with demo.app_context():
        load_catalog(catalog)
        db.session.commit()

    citizen, window, scjg = api_token(client, "citizen"), api_token(client, "window"), api_token(client, "scjg")
    body = {"data": {**sample, "area": 300}, "submission_token": new_token()}
    number = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).get_json()["tracking_number"]
    [review] = tasks_of(client, window)
    _complete_as_read_after(client, window, review["id"], {"decision": "accept"}, number, citizen)
    [market] = tasks_of(client, scjg)
    refused = _complete_as_read_after(
        client, scjg, market["id"], {"approved": False, "opinion": "不予许可"}, number, citizen
    )
    states = {t["element_id"]: t["state"] for t in refused["tasks"]}
    assert states["health_review"] == "cancelled"
    assert states["market_review"] == "completed" and states["output_issue"] == "ready"
