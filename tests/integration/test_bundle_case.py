"""A bundle case end to end on a real database: one acceptance, members in parallel, per-item progress."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.services.errors import InvalidData
from tests.factories import DEMO, new_token
from tests.integration.drive import ready_task, user

SLUG = "kaiban-canyindian"
SAMPLE = json.loads((DEMO / "bundles" / SLUG / "sample.json").read_text())
ACCEPT = {"decision": "accept", "reason": ""}


def _bundle():
    from app.services.bundles import get_bundle_by_slug

    return get_bundle_by_slug(SLUG)


def _submit() -> int:
    from app.extensions import db
    from app.services import cases

    version = _bundle().item.live_version
    form = __import__("app.services.step_forms", fromlist=["application_form"]).application_form(version)
    assert form.validate(SAMPLE) == {}
    application = cases.submit_application(
        version=version, applicant=user("citizen"), form_data=SAMPLE, submission_token=new_token()
    )
    db.session.commit()
    return application.id


def _open_tasks(application_id):
    from app.extensions import db
    from app.models import HumanTask

    return list(
        db.session.scalars(
            select(HumanTask).where(
                HumanTask.application_id == application_id, HumanTask.state.in_(("ready", "claimed"))
            )
        )
    )


def _decide(application_id, refuse_department=None):
    from app.extensions import db
    from app.services import cases
    from app.services.step_forms import decision_form

    approvers = {"scjg": "scjg", "wsjk": "wsjk", "cgj": "cgj"}
    for _ in range(20):
        tasks = [t for t in _open_tasks(application_id) if t.lane in approvers]
        if not tasks:
            return
        task = tasks[0]
        approved = task.lane != refuse_department
        decision = _fill(task.application.item_version.decision_forms.get(task.form_file) or {}, approved)
        assert decision_form(task).validate(decision) == {}, (task.form_file, decision)
        cases.complete_task(task.id, user(approvers[task.lane]), decision)
        db.session.commit()


def _fill(schema, approved):
    """A valid decision for any demo decision form: approved/opinion and whatever else it requires."""
    decision = {"approved": approved, "opinion": "符合条件" if approved else "材料不符合要求"}
    for name in schema.get("required", []):
        if name in decision:
            continue
        prop = schema["properties"][name]
        if "enum" in prop:
            decision[name] = prop["enum"][0]
        elif "oneOf" in prop:
            decision[name] = prop["oneOf"][0]["const"]
        elif prop.get("type") == "boolean":
            decision[name] = approved
        elif prop.get("format") == "date":
            decision[name] = "2025-04-01"
        elif prop.get("type") in ("integer", "number"):
            decision[name] = prop.get("minimum", 1)
        else:
            decision[name] = "已核查"
    return decision


def test_the_demo_bundle_is_published_with_a_merged_form(demo):
    from app.services.bundles import live_bundle_version, stale_members

    with demo.app_context():
        bundle = _bundle()
        live = live_bundle_version(bundle)
        assert [m["department"] for m in live.members] == ["scjg", "wsjk", "cgj"]
        version = bundle.item.live_version
        assert version.field_sight["fields"]["applicant"] == "shared"
        assert version.field_sight["fields"]["sign_text"] == "11440199007495763G4442111020"
        assert version.field_sight["fields"]["area"] == "shared"
        assert bundle.item.promised_days == max(m["promised_days"] for m in live.members)
        assert stale_members(bundle) == []


def test_one_acceptance_then_parallel_members_and_one_issue(demo):
    from app.extensions import db
    from app.models import Application
    from app.services import cases
    from app.services.bundle_progress import item_progress

    with demo.app_context():
        case_id = _submit()
        application = db.session.get(Application, case_id)
        assert [p.status for p in item_progress(application)] == ["waiting"] * 3
        cases.complete_task(ready_task(case_id, "window_review"), user("window"), ACCEPT)
        db.session.commit()
        lanes = sorted({t.lane for t in _open_tasks(case_id)})
        assert lanes == ["cgj", "scjg", "wsjk"]  # every member's first steps at once
        progress = item_progress(db.session.get(Application, case_id))
        assert [p.status for p in progress] == ["in_approval"] * 3
        assert all(p.current_steps for p in progress)
        _decide(case_id, refuse_department="cgj")
        progress = item_progress(db.session.get(Application, case_id))
        assert [p.status for p in progress] == ["approved", "approved", "refused"]
        [issue] = _open_tasks(case_id)
        assert issue.lane == "output"
        cases.complete_task(issue.id, user("window"), {"delivery": "window"})
        db.session.commit()
        application = db.session.get(Application, case_id)
        assert application.outcome == "approved"
        assert [p.status for p in item_progress(application)] == ["issued", "issued", "refused"]


def test_a_supplement_request_can_target_one_items_section(demo):
    from app.extensions import db
    from app.models import Application
    from app.services import cases
    from app.services.bundle_progress import supplement_section

    with demo.app_context():
        case_id = _submit()
        request = {
            "decision": "supplement",
            "reason": "招牌效果图未标明尺寸",
            "section": "11440199007495763G4442111020",
        }
        cases.complete_task(ready_task(case_id, "window_review"), user("window"), request)
        db.session.commit()
        assert supplement_section(db.session.get(Application, case_id)) == "店铺门头招牌设置审批"
        wrong = {"decision": "supplement", "reason": "x", "section": "nobody"}
        cases.complete_task(ready_task(case_id, "applicant_supplement"), user("citizen"), SAMPLE)
        db.session.commit()
        with pytest.raises(InvalidData) as refused:  # the one door refuses a part the bundle does not have
            cases.complete_task(ready_task(case_id, "window_review"), user("window"), wrong)
        assert "section" in refused.value.details


def test_the_demo_bundle_exports_as_the_file_it_was_loaded_from(demo, tmp_path):
    from app.services.bundle_files import export_bundles

    with demo.app_context():
        [written] = export_bundles(tmp_path)
    source = DEMO / "bundles" / SLUG / "bundle.json"
    assert written.relative_to(tmp_path).as_posix() == f"bundles/{SLUG}/bundle.json"
    assert json.loads(written.read_text()) == json.loads(source.read_text())
    assert written.read_text() == source.read_text()
