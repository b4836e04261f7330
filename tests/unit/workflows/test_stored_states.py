"""States already in databases keep restoring: what the runner reports for them, and how they go on, is unchanged."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from tests.unit.workflows.stored_states import STATES, drive_to_end, views
from workflows import CaseSpec, case_spec, restore_case

FIXTURES = sorted(STATES.glob("*.json"))


@cache
def _fixture(name: str) -> dict[str, Any]:
    return json.loads((STATES / name).read_text(encoding="utf-8"))


def _cases() -> list[tuple[str, str]]:
    return [(path.name, case) for path in FIXTURES for case in _fixture(path.name)["cases"]]


def _spec(fixture: str, item: str) -> CaseSpec:
    stored = _fixture(fixture)["packages"][item]
    return case_spec(f"stored-test:{fixture}:{item}", stored["package"])


def test_fixtures_present():
    assert "yichuang-case-1.json" in [p.name for p in FIXTURES]


@pytest.mark.parametrize(("fixture", "name"), _cases())
def test_stored_state_restores_with_the_same_views(fixture, name):
    stored = _fixture(fixture)["cases"][name]
    spec = _spec(fixture, stored["item"])
    case = restore_case(spec, stored["state"])
    assert views(case) == stored["views"]
    again = restore_case(spec, case.dumps())  # written by the current code, read back
    assert views(again) == stored["views"]


@pytest.mark.parametrize(("fixture", "name"), _cases())
def test_stored_state_runs_on_as_it_did(fixture, name):
    stored = _fixture(fixture)["cases"][name]
    case = restore_case(_spec(fixture, stored["item"]), stored["state"])
    assert drive_to_end(case) == stored["continued"]
