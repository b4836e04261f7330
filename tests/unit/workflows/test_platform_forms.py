"""The platform's step forms are the files one_window.bpmn names (and the form an immediate item's acceptance step
takes in place of window_review's), and only those."""

from __future__ import annotations

import re
from importlib import resources

from forms import compile_form
from workflows.platform import platform_form


def _named_forms() -> set[str]:
    bpmn = resources.files("workflows.platform").joinpath("one_window.bpmn").read_text(encoding="utf-8")
    return set(re.findall(r'name="formJsonSchemaFilename" value="([^"]+)"', bpmn))


def test_every_form_the_platform_process_names_is_shipped_and_compiles():
    named = _named_forms()
    assert named == {"window_review.schema.json", "output_issue.schema.json", "applicant_supplement.schema.json"}
    for name in named - {"applicant_supplement.schema.json"}:  # answered with the item's application form
        schema, ui = platform_form(name)
        assert ui is not None
        compile_form(schema, ui)


def test_no_platform_form_file_lies_unused():
    from app.domain.immediate import IMMEDIATE_REVIEW_FORM

    shipped = {p.name for p in resources.files("workflows.platform").iterdir() if p.name.endswith(".schema.json")}
    assert shipped == _named_forms() | {IMMEDIATE_REVIEW_FORM}


def test_the_immediate_review_form_decides_or_turns_the_case_away():
    from app.domain.immediate import IMMEDIATE_REVIEW_FORM

    schema, ui = platform_form(IMMEDIATE_REVIEW_FORM)
    compile_form(schema, ui)
    choices = [c["const"] for c in schema["properties"]["decision"]["oneOf"]]
    assert choices == ["approve", "refuse", "supplement", "decline"]  # never a bare "accept": the window decides


def test_the_output_form_asks_how_the_result_is_delivered():
    schema, _ = platform_form("output_issue.schema.json")
    assert schema["required"] == ["delivery"]
    assert [c["const"] for c in schema["properties"]["delivery"]["oneOf"]] == ["window", "mail"]
