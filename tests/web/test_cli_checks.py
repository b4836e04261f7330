"""The admins' offline checks through the real Flask CLI: `forms check` and `bpmn check`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SHARED
from tests.factories import DEMO

JOINT = DEMO / "11440199007495325U4442118012"


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def test_forms_check_round_trips_the_demo_sample(app):
    result = run(
        app,
        "forms",
        "check",
        str(JOINT / "form.schema.json"),
        "--ui",
        str(JOINT / "form.ui.json"),
        "--data",
        str(JOINT / "sample.json"),
    )
    assert result.exit_code == 0, result.output
    assert "round-trip: ok" in result.output


def test_forms_check_names_what_it_cannot_render(app, tmp_path: Path):
    schema = tmp_path / "schema.json"
    schema.write_text(
        json.dumps(
            {
                "type": "object",
                "properties": {"tags": {"type": "object", "patternProperties": {"^x": {"type": "string"}}}},
            }
        )
    )
    result = run(app, "forms", "check", str(schema))
    assert result.exit_code == 1
    assert "patternProperties" in result.output and "/properties/tags/patternProperties" in result.output
    assert "Traceback" not in result.output


def test_forms_check_reports_broken_json_with_its_line(app, tmp_path: Path):
    schema = tmp_path / "schema.json"
    schema.write_text('{\n  "type": "object",\n  "properties": {,}\n}')
    result = run(app, "forms", "check", str(schema))
    assert result.exit_code != 0
    assert "3" in result.output and "Traceback" not in result.output


def test_bpmn_check_runnable_and_not(app):
    lanes = SHARED / "conformance/bpmn/spiff-arena/model_with_lanes/lanes.bpmn"
    java = SHARED / "conformance/bpmn/camunda/exampleProcess.bpmn"
    entity = SHARED / "conformance/bpmn/spiff-arena/xml_with_entity/invoice.bpmn"
    assert run(app, "bpmn", "check", str(lanes)).exit_code == 0
    result = run(app, "bpmn", "check", str(lanes), str(java), str(entity))
    assert result.exit_code == 1
    assert "runnable" in result.output and "ServiceTask_1" in result.output
    assert "root:" not in result.output  # the entity never pulled /etc/passwd into the report
    assert "Traceback" not in result.output
