"""Run the official JSON Schema Test Suite through the form layer and count the outcomes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms import FormSchemaError, UnrepresentableData, compile_form
from forms.nodes import same_json
from tests.conftest import CONFORMANCE

SUITE = CONFORMANCE / "json-schema-test-suite"


@dataclass
class Outcome:
    accepted: int = 0
    refused: int = 0
    tests: int = 0
    agreeing: int = 0
    unrepresentable: int = 0
    disagreements: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)

    def add(self, other: Outcome) -> None:
        for name in ("accepted", "refused", "tests", "agreeing", "unrepresentable"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.disagreements += other.disagreements
        self.crashes += other.crashes


def suite_files() -> list[Path]:
    return sorted(SUITE.glob("*.json"))


def run_file(path: Path) -> Outcome:
    outcome = Outcome()
    for group in json.loads(path.read_text(encoding="utf-8")):
        where = f"{path.name}: {group['description']}"
        try:
            form = compile_form(group["schema"])
        except FormSchemaError:
            outcome.refused += 1
            continue
        except Exception as exc:  # noqa: BLE001 - the point is to catch anything else
            outcome.crashes.append(f"{where}: compile raised {exc!r}")
            continue
        outcome.accepted += 1
        for test in group["tests"]:
            outcome.tests += 1
            _check(form, test, f"{where} / {test['description']}", outcome)
    return outcome


def _check(form: Any, test: dict[str, Any], where: str, outcome: Outcome) -> None:
    try:
        posted = form.encode(test["data"])
    except UnrepresentableData:
        outcome.unrepresentable += 1
        return
    try:
        result = form.parse(posted)
    except Exception as exc:  # noqa: BLE001
        outcome.crashes.append(f"{where}: parse raised {exc!r}")
        return
    if not same_json(result.data, test["data"]):
        outcome.disagreements.append(f"{where}: data {test['data']!r} came back as {result.data!r}")
    elif result.ok != test["valid"]:
        outcome.disagreements.append(f"{where}: valid={test['valid']} but form said {result.errors!r}")
    else:
        outcome.agreeing += 1


def run_all() -> Outcome:
    total = Outcome()
    for path in suite_files():
        total.add(run_file(path))
    return total


if __name__ == "__main__":
    result = run_all()
    print(
        f"groups accepted {result.accepted}, refused {result.refused}; tests {result.tests}: "
        f"agreeing {result.agreeing}, unrepresentable {result.unrepresentable}, "
        f"disagreeing {len(result.disagreements)}, crashes {len(result.crashes)}"
    )
    for line in result.crashes + result.disagreements:
        print(" ", line)
