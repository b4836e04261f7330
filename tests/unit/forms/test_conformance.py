"""The official JSON Schema Test Suite through the form layer.

For every schema compile_form accepts, each test instance is encoded into posted fields and parsed back:
the JSON must come back unchanged and the verdict must match the suite's. Instances a form cannot express
(a non-object root, a value of the wrong type, "" for an optional field...) must raise UnrepresentableData
and are counted apart. Every refused schema must be refused with FormSchemaError, nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conformance import SUITE, run_all, run_file, suite_files

pytestmark = [
    pytest.mark.slow,  # the whole JSON Schema Test Suite; `pytest -m "not slow"` skips it, CI runs it
    pytest.mark.skipif(not SUITE.is_dir(), reason=f"JSON Schema Test Suite not found at {SUITE}"),
]


@pytest.mark.parametrize("path", suite_files(), ids=lambda path: path.stem)
def test_suite_file(path: Path) -> None:
    outcome = run_file(path)
    assert outcome.crashes == []
    assert outcome.disagreements == []


def test_counts(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_all()
    with capsys.disabled():
        print(
            f"\nJSON Schema Test Suite: schemas accepted {outcome.accepted}, refused {outcome.refused}; "
            f"instances of accepted schemas {outcome.tests}: agreeing {outcome.agreeing}, "
            f"unrepresentable {outcome.unrepresentable}"
        )
    assert outcome.accepted > 0 and outcome.agreeing > 0
    assert outcome.agreeing + outcome.unrepresentable == outcome.tests
