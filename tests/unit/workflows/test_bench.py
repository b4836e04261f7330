"""workflows.bench runs the demo joint case the way the server does and reports figures beside the baseline."""

from __future__ import annotations

import json

from workflows import restore_case
from workflows.bench import DECISIONS, STEPS, Phases, load_demo_item, main, run_case, run_ours
from workflows.runner import case_spec


def test_demo_item_compiles_and_a_case_runs_to_issue():
    item = load_demo_item()
    assert item.process_id == "scjg_wsjk_kaiban_jiudian" and item.sample
    spec = case_spec("bench-test", item.package_json)
    timer = Phases()
    state = run_case(spec, item.sample, timer)
    case = restore_case(spec, state)
    assert case.outcome == "approved"
    assert [s["element_id"] for s in case.completed_steps()][0] == "window_review"
    assert set(STEPS) == set(DECISIONS)
    assert {"start_case", "restore_case", "complete_task", "dumps", "ready_user_tasks"} <= set(timer.seconds)
    assert json.loads(state)["item_process"] == item.process_id


def test_run_ours_reports_cpu_per_case_and_phases():
    total, phases = run_ours(2, load_demo_item())
    assert total > 0 and 0 < sum(phases.values()) <= total * 1.5


def test_main_prints_both_sides_and_the_ratio(capsys):
    assert main(["--cases", "2", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert "ours:" in out and "baseline:" in out and "ratio:" in out
