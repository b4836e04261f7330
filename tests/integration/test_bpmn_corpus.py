"""Models from every common modeler: each gets its expected verdict from `bpmn check`, with its reasons in our
words, and each runnable one publishes as an item version and runs a case to its end on the real database.

The corpus is tests/data/bpmn-corpus/ (bpmn.io, Camunda 7, Camunda 8, Signavio, SpiffArena exports; expected.json
says what each should get); ../shared/conformance/bpmn is checked by path beside it, never copied.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from tests import conftest
from tests.factories import new_token
from workflows.check import check_bpmn_files

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bpmn-corpus"
EXPECTED = {k: v for k, v in json.loads((CORPUS / "expected.json").read_text(encoding="utf-8")).items() if k[0] != "_"}
CONFORMANCE = conftest.CONFORMANCE / "bpmn"
# What SpiffWorkflow or Python would print if one of their messages escaped untranslated.
RAW_ENGINE = ("Traceback", "is not executable..", "of type.", "Expected 1 result", "ValidationException", "found 0..")
DECISION_FORM = {
    "type": "object",
    "properties": {
        "approved": {"type": "boolean", "title": "审查结论"},
        "opinion": {"type": "string", "title": "意见"},
    },
    "required": ["approved"],
}
APPLICATION_FORM = {"type": "object", "properties": {"applicant": {"type": "string", "title": "申请人"}}}


def check(paths: list[Path]) -> tuple[dict[str, str], dict[str, list[str]], list[str]]:
    """Verdict per file (relative to the corpus), its output lines, and all lines."""
    lines: list[str] = []
    check_bpmn_files([str(p) for p in paths], out=lines.append)
    verdicts: dict[str, str] = {}
    details: dict[str, list[str]] = {}
    current = ""
    for line in lines:
        if not line.startswith(" "):
            path, verdict = line.rsplit(": ", 1)
            current = str(Path(path).relative_to(CORPUS)) if path.startswith(str(CORPUS)) else path
            verdicts[current] = verdict
            details[current] = []
        else:
            details[current].append(line)
    return verdicts, details, lines


def test_every_corpus_model_gets_its_verdict_and_reasons():
    paths = sorted(CORPUS.rglob("*.bpmn"))
    assert {str(p.relative_to(CORPUS)) for p in paths} == set(EXPECTED)
    assert len({e["tool"].split(" (")[0] for e in EXPECTED.values()}) >= 4
    verdicts, details, lines = check(paths)
    assert verdicts == {name: e["verdict"] for name, e in EXPECTED.items()}
    for name, expected in EXPECTED.items():
        problems = [line for line in details[name] if line.startswith("  - ")]
        notes = [line for line in details[name] if line.startswith("    note: ")]
        for element_id, fragment in expected.get("reasons", {}).items():
            prefix = f"  - {element_id or '(file)'}"
            assert any(p.startswith(prefix) and fragment in p for p in problems), (name, element_id, problems)
        assert len(problems) == len(expected.get("reasons", {})), (name, problems)
        for fragment in expected.get("notes", []):
            assert any(fragment in n for n in notes), (name, fragment, notes)
    for line in lines:
        assert not any(raw in line for raw in RAW_ENGINE), line


def test_conformance_files_by_path_get_a_verdict_in_one_line_each():
    paths = sorted(CONFORMANCE.rglob("*.bpmn"))
    assert paths, f"conformance material missing at {CONFORMANCE}"
    verdicts, details, lines = check(paths)
    assert set(verdicts.values()) == {"runnable", "not runnable"} and len(verdicts) == len(paths)
    for line in lines:
        assert not any(raw in line for raw in RAW_ENGINE), line
        assert "\n" not in line


def _decision_forms(text: str) -> dict[str, dict]:
    """A decision form for every form the model names (SpiffArena property, Camunda form key, Zeebe form id)."""
    names = set(re.findall(r'name="formJsonSchemaFilename" value="([^"]+)"', text))
    names |= {re.split(r"[/:]", key)[-1] for key in re.findall(r'camunda:formKey="([^"]+)"', text)}
    names |= {f"{form_id}.schema.json" for form_id in re.findall(r'zeebe:formDefinition formId="([^"]+)"', text)}
    return dict.fromkeys(names, DECISION_FORM)


def _decision(element_id: str) -> dict:
    if element_id == "window_review":
        return {"decision": "accept", "reason": ""}
    if element_id == "output_issue":
        return {"delivery": "window"}
    return {"approved": True, "opinion": "同意"}


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e["verdict"] == "runnable"))
def test_runnable_corpus_model_publishes_and_runs_a_case(demo, name):
    from app.extensions import db
    from app.models import Application, HumanTask, ServiceItem, User
    from app.services import cases
    from app.services.catalog import ItemContent, publish_item_version

    text = (CORPUS / name).read_text(encoding="utf-8")
    with demo.app_context():
        item = db.session.scalars(select(ServiceItem).where(ServiceItem.department.has(code="scjg"))).first()
        content = ItemContent(
            process_id=EXPECTED[name]["process"],
            form_schema=APPLICATION_FORM,
            decision_forms=_decision_forms(text),
            bpmn_files={Path(name).name: text},
        )
        version = publish_item_version(item, content, actor=None)
        citizen = db.session.scalar(select(User).where(User.username == "citizen"))
        application = cases.submit_application(
            version=version, applicant=citizen, submission_token=new_token(), form_data={"applicant": "张三"}
        )
        db.session.commit()
        worked: list[tuple[str, str]] = []
        for _ in range(12):
            db.session.refresh(application)
            if application.status in ("issued", "rejected"):
                break
            ready = db.session.scalars(
                select(HumanTask).where(HumanTask.application_id == application.id, HumanTask.state == "ready")
            ).all()
            assert ready, f"{name}: case stuck in {application.status}"
            for task in ready:
                username = "window" if task.lane in ("window", "output") else task.lane
                assert username == "window" or task.department_id, f"{name}: {task.element_id} is in no department"
                user = db.session.scalar(select(User).where(User.username == username))
                cases.complete_task(task.id, user, _decision(task.element_id))
                db.session.commit()
                worked.append((task.element_id, username))
        assert db.session.get(Application, application.id).status == "issued", worked
        departments = {user for _, user in worked} - {"window"}
        assert departments, f"{name}: no department worked on the case"
