"""The benchmark runs (its figures are printed, never asserted)."""

from __future__ import annotations

import pytest

from forms import bench


def test_benchmark_runs_once(capsys: pytest.CaptureFixture[str]) -> None:
    results = bench.main(repeat=1)
    assert set(results) == {
        "compile",
        "render (values)",
        "render (values + errors)",
        "parse+validate",
        "jsonschema alone",
    }
    assert "x jsonschema" in capsys.readouterr().out


def test_benchmark_form_has_about_300_fields() -> None:
    form = bench.compile_form(bench.build_schema())
    assert len(form.field_paths) >= 300
    assert form.parse(form.encode(bench.build_data())).ok
