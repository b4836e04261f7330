"""Loading catalogues from files: the demo publishes once, broken catalogues are refused whole."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import DEMO

INVALID = Path(__file__).resolve().parents[1] / "data" / "catalog" / "invalid"

EXPECTED_WORDS = {
    "unknown_lane": "xfjy",
    "missing_decision_form": "decision.schema.json",
    "broken_form_schema": "form.schema.json",
    "process_id_mismatch": "wsjk_no_such_process",
    "malformed_bpmn": "approval.bpmn",
    "promised_exceeds_statutory": "承诺时限",
}


def counts(app) -> tuple[int, int]:
    from app.extensions import db
    from app.models import ItemVersion, ServiceItem

    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(ServiceItem)),
            db.session.scalar(select(func.count()).select_from(ItemVersion)),
        )


def test_demo_catalogue_loads_and_reloading_publishes_nothing_new(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["catalog", "load", str(DEMO)])
    assert first.exit_code == 0, first.output
    assert first.output.count("published version 1") == 7
    assert first.output.count("published bundle version 1") == 1
    second = runner.invoke(args=["catalog", "load", str(DEMO)])
    assert second.exit_code == 0
    assert second.output.count("unchanged") == 8 and "published" not in second.output
    assert counts(app) == (8, 8)  # seven items and the bundle 开办餐饮店, each with its one version


def test_task_outside_every_lane_belongs_to_the_items_department(app):
    from app.extensions import db
    from app.models import ServiceItem
    from workflows import ApprovalPackage

    folder = INVALID.parent / "task_outside_lane"
    result = app.test_cli_runner().invoke(args=["catalog", "load", str(folder)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        item = db.session.scalars(select(ServiceItem)).one()
        package = ApprovalPackage.from_json(item.live_version.approval_package)
        lanes = {t.element_id: t.lane for t in package.user_tasks}
        assert lanes["wsjk_decide"] == item.department.code == "wsjk"


@pytest.mark.parametrize("case", sorted(EXPECTED_WORDS))
def test_broken_catalogue_is_refused_naming_the_problem(app, case):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["catalog", "load", str(INVALID / case)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert EXPECTED_WORDS[case] in result.output, result.output
    assert counts(app) == (0, 0)


def test_changed_item_gets_a_new_version_and_running_cases_keep_theirs(demo, tmp_path, client, api_token):
    from tests.factories import demo_item, new_token

    slug, sample = demo_item("joint")
    citizen = api_token(client, "citizen")
    body = {"data": sample, "submission_token": new_token()}
    old_case = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).get_json()
    assert old_case["version"] == 1

    copy = tmp_path / "catalog"
    shutil.copytree(DEMO, copy)
    meta_file = copy / slug / "item.json"
    meta = json.loads(meta_file.read_text())
    meta["guide"]["fees"] = "不收费（2026 年起）"
    meta_file.write_text(json.dumps(meta, ensure_ascii=False))
    result = demo.test_cli_runner().invoke(args=["catalog", "load", str(copy)])
    assert result.exit_code == 0 and "published version 2" in result.output

    new_case = client.post(
        f"/api/v1/items/{slug}/applications", json={"data": sample, "submission_token": new_token()}, headers=citizen
    ).get_json()
    assert new_case["version"] == 2
    again = client.get(f"/api/v1/applications/{old_case['tracking_number']}", headers=citizen).get_json()
    assert again["version"] == 1
