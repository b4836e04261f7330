"""Each member of a bundle case keeps its own result: two members whose approval paths use the same task ids (two
卫健 items, both wsjk_review and wsjk_decide) keep their own decisions after the parallel join, and each member
issues its own decision notice and certificate in its own name, with its own opinions only."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.factories import DEMO, new_token
from tests.integration.drive import ready_task, user

PUBLIC_PLACE, DRINKING_WATER = "11440199007495413A4442111004", "11440199007495413A4442111012"


def _bundle_of_two():
    from app.extensions import db
    from app.models import Department, ServiceItem
    from app.services.bundles import create_bundle, publish_bundle

    codes = (PUBLIC_PLACE, DRINKING_WATER)
    items = [db.session.scalar(select(ServiceItem).where(ServiceItem.code == c)) for c in codes]
    bundle = create_bundle(
        code="YJS-TEST-WSJK",
        slug="wsjk-two",
        name="卫生许可两证联办",
        department=db.session.scalar(select(Department).where(Department.code == "wsjk")),
        members=items,
    )
    publish_bundle(bundle, actor=None)
    db.session.commit()
    return bundle


def _decided_case() -> tuple[int, dict]:
    """A case of the two-member bundle, accepted and decided: the public place refused, the water supply approved.
    Each decision's opinion names its step and member, so a decision filed under the wrong member shows."""
    from app.extensions import db
    from app.models import HumanTask
    from app.services import cases

    bundle = _bundle_of_two()
    data = {}
    for code in (PUBLIC_PLACE, DRINKING_WATER):
        data.update(json.loads((DEMO / code / "sample.json").read_text()))
    application = cases.submit_application(
        version=bundle.item.live_version, applicant=user("citizen"), form_data=data, submission_token=new_token()
    )
    db.session.commit()
    case_id = application.id
    cases.complete_task(ready_task(case_id, "window_review"), user("window"), {"decision": "accept"})
    db.session.commit()
    opinions = {}
    for _ in range(10):
        tasks = db.session.scalars(
            select(HumanTask)
            .where(HumanTask.application_id == case_id, HumanTask.state == "ready", HumanTask.lane == "wsjk")
            .order_by(HumanTask.id)
        ).all()
        if not tasks:
            break
        task = tasks[0]
        member = task.form_file.split("/")[0]
        approved = PUBLIC_PLACE not in member  # the public place is refused, the water supply approved
        opinion = f"{task.element_id}@{member}"
        opinions[(member, task.element_id)] = opinion
        decision = {"approved": approved, "opinion": opinion}
        schema = task.application.item_version.decision_forms[task.form_file]
        for name in schema.get("required", []):
            decision.setdefault(name, "已核查")
        cases.complete_task(task.id, user("wsjk"), decision)
        db.session.commit()
    return case_id, opinions


def test_members_with_the_same_task_ids_keep_their_own_decisions(demo):
    from app.extensions import db
    from app.models import Application
    from app.services.bundle_progress import item_progress
    from app.services.case_state import restore

    with demo.app_context():
        case_id, opinions = _decided_case()
        application = db.session.get(Application, case_id)
        assert [p.status for p in item_progress(application)] == ["refused", "approved"]
        state = restore(application).data
        for member in (f"member_{PUBLIC_PLACE}", f"member_{DRINKING_WATER}"):
            for step in ("wsjk_review", "wsjk_decide"):
                assert state[member]["decisions"][step]["opinion"] == opinions[(member, step)]


def test_each_member_issues_its_own_decision_and_certificate(demo):
    from app.documents import kinds
    from app.extensions import db
    from app.models import Application, CaseDocument
    from app.services import cases
    from app.services.bundle_progress import item_progress

    with demo.app_context():
        case_id, opinions = _decided_case()
        documents = db.session.scalars(
            select(CaseDocument)
            .where(CaseDocument.application_id == case_id, CaseDocument.kind != kinds.RECEIPT)
            .order_by(CaseDocument.id)
        ).all()
        by_member = {(d.context["member"], d.kind): d for d in documents}
        assert sorted(by_member) == [
            (PUBLIC_PLACE, kinds.DECISION_REJECTED),
            (DRINKING_WATER, kinds.CERTIFICATE),
            (DRINKING_WATER, kinds.DECISION_APPROVED),
        ]
        certificate = by_member[(DRINKING_WATER, kinds.CERTIFICATE)]
        assert certificate.item_name == "生活饮用水供水单位卫生许可"
        assert certificate.number[6:10] == DRINKING_WATER[-4:]  # numbered as the member item's own
        assert certificate.context["department"] == "区卫生健康委员会"
        refusal = by_member[(PUBLIC_PLACE, kinds.DECISION_REJECTED)]
        assert refusal.item_name == "公共场所卫生许可证核发"
        assert opinions[(f"member_{PUBLIC_PLACE}", "wsjk_decide")] in refusal.context["opinion"]
        assert "member_" + DRINKING_WATER not in refusal.context["opinion"]  # not the other member's opinion

        cases.complete_task(ready_task(case_id, "output_issue"), user("window"), {"delivery": "window"})
        db.session.commit()
        progress = item_progress(db.session.get(Application, case_id))
        assert [(p.status, p.certificate_number) for p in progress] == [
            ("refused", None),
            ("issued", certificate.number),
        ]
        assert progress[0].decision_number == refusal.number


def test_each_members_diagram_marks_its_own_steps(demo, client, login):
    from app.extensions import db
    from app.models import Application, HumanTask
    from app.services import cases
    from app.services.progress import case_progress

    with demo.app_context():
        bundle = _bundle_of_two()
        data = {}
        for code in (PUBLIC_PLACE, DRINKING_WATER):
            data.update(json.loads((DEMO / code / "sample.json").read_text()))
        application = cases.submit_application(
            version=bundle.item.live_version, applicant=user("citizen"), form_data=data, submission_token=new_token()
        )
        db.session.commit()
        case_id, number = application.id, application.tracking_number
        cases.complete_task(ready_task(case_id, "window_review"), user("window"), {"decision": "accept"})
        db.session.commit()
        first = db.session.scalar(
            select(HumanTask).where(
                HumanTask.application_id == case_id, HumanTask.form_file.like(f"member_{PUBLIC_PLACE}/%")
            )
        )
        cases.complete_task(first.id, user("wsjk"), {"approved": True, "opinion": "材料齐全"})
        db.session.commit()
        members = case_progress(db.session.get(Application, case_id)).members
        assert "wsjk_review" in members[f"member_{PUBLIC_PLACE}"].done
        assert "wsjk_review" not in members[f"member_{DRINKING_WATER}"].done  # the same task id, not yet done
        assert "wsjk_review" in members[f"member_{DRINKING_WATER}"].waiting
    login(client, "citizen")
    page = client.get(f"/my/applications/{number}/diagram")
    assert page.status_code == 200 and "公共场所卫生许可证核发 · approval.bpmn" in page.get_data(as_text=True)
