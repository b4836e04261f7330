"""Our own corpus of react-jsonschema-form style samples (tests/data/forms/rjsf): each file is a schema, a
uiSchema and sample data with the verdict we expect — accepted (with the warnings it gives) or refused (with
one problem per cause), and for each sample whether it is valid and whether it round-trips through the form.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from forms import FormSchemaError, UnrepresentableData, compile_form
from forms.nodes import same_json

pytestmark = pytest.mark.slow  # `pytest -m "not slow"` skips it in the quick loop; CI runs it

CORPUS = Path(__file__).resolve().parents[2] / "data" / "forms" / "rjsf"
FILES = sorted(CORPUS.glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    entry: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return entry


def round_trips(form: Any, data: Any) -> bool:
    try:
        posted = form.encode(data)
    except UnrepresentableData:
        return False
    return same_json(form.parse(posted).data, data)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_sample_gets_its_expected_verdict(path: Path) -> None:
    entry = load(path)
    expect = entry["expect"]
    if expect["verdict"] == "refused":
        with pytest.raises(FormSchemaError) as caught:
            compile_form(entry["schema"], entry.get("uiSchema"))
        assert [[p.keyword, p.pointer] for p in caught.value.problems] == expect["problems"]
        assert all("{'" not in p.message for p in caught.value.problems)  # no raw Python repr
        return
    form = compile_form(entry["schema"], entry.get("uiSchema"))
    assert [w.keyword for w in form.warnings] == expect["warnings"]
    assert form.render()
    for sample in entry["samples"]:
        data = sample["data"]
        errors = form.validate(data)
        assert (not errors) == sample["valid"], (data, errors)
        assert all(text and "{" not in text for texts in errors.values() for text in texts)
        assert round_trips(form, data) == sample["round_trips"], data
        if sample["round_trips"]:
            result = form.parse(form.encode(data))
            assert result.ok == sample["valid"], (data, result.errors)


def test_counts(capsys: pytest.CaptureFixture[str]) -> None:
    accepted = refused = samples = trips = 0
    for path in FILES:
        entry = load(path)
        try:
            form = compile_form(entry["schema"], entry.get("uiSchema"))
        except FormSchemaError:
            refused += 1
            continue
        accepted += 1
        for sample in entry["samples"]:
            samples += 1
            trips += round_trips(form, sample["data"])
    with capsys.disabled():
        print(
            f"\nrjsf corpus: {len(FILES)} schemas, accepted {accepted}, refused {refused}; "
            f"{samples} data samples, round-trip {trips}"
        )
    assert accepted + refused == len(FILES) and len(FILES) >= 20
