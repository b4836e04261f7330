"""Engine CPU per case without a database or HTTP: our runner the way the server drives it, beside the baseline.

    python -m workflows.bench [--cases 200] [--profile cumulative|tottime] [--top 40]

Our path repeats, per case, what the app does per request: ``start_case`` + save on submission, then for each of
the four steps ``restore_case`` + ``complete_task`` + save, where "save" is what app/services/engine.py
``save_workflow`` asks the workflow for (ready user tasks, completed/outcome, ``dumps``, due timers and pending
service calls for the worker's job table). The baseline is bench.engine_baseline's bare SpiffWorkflow with a full
serializer round trip per step, run in the same process and the same run.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import json
import pstats
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflows.package import compile_approval
from workflows.runner import CaseSpec, CaseWorkflow, case_spec, restore_case, start_case

REPO = Path(__file__).resolve().parent.parent
DEMO_CATALOG = REPO / "catalog" / "demo"
JOINT_ITEM = "11440199007495325U4442118012"
STEPS = ("window_review", "scjg_review", "wsjk_review", "output_issue")
DECISIONS: dict[str, dict[str, Any]] = {  # the same decisions as bench/lifecycle_driver.py
    "window_review": {"decision": "accept"},
    "scjg_review": {"approved": True, "opinion": "材料齐全，符合条件", "inspection_result": "pass"},
    "wsjk_review": {"approved": True, "opinion": "卫生条件符合"},
    "output_issue": {"delivery": "window"},
}


@dataclass(frozen=True)
class DemoItem:
    """A demo catalog item compiled the way publishing does it: package JSON, main process id, sample form."""

    slug: str
    process_id: str
    package_json: str
    sample: dict[str, Any]


def load_demo_item(slug: str = JOINT_ITEM, catalog: Path = DEMO_CATALOG) -> DemoItem:
    """Compile a demo item folder's BPMN with :func:`compile_approval`, as app/services/catalog.py publishes it."""
    folder = catalog / slug
    meta = json.loads((folder / "item.json").read_text(encoding="utf-8"))
    form_name = meta.get("form", "form.schema.json")
    departments = {row["code"] for row in json.loads((catalog / "departments.json").read_text(encoding="utf-8"))}
    form_files = {p.name for p in folder.glob("*.schema.json") if p.name != form_name}
    bpmn_names = meta.get("bpmn") or sorted(p.name for p in folder.glob("*.bpmn"))
    package = compile_approval(
        {name: (folder / name).read_bytes() for name in bpmn_names},
        process_id=meta["process_id"],
        departments=departments,
        form_files=form_files,
    )
    sample = json.loads((folder / "sample.json").read_text(encoding="utf-8"))
    return DemoItem(slug, meta["process_id"], package.to_json(), sample)


def save(case: CaseWorkflow) -> tuple[str, dict[str, str]]:
    """What app/services/engine.py ``save_workflow`` (with worker ``sync_jobs``) asks of a case after each step.

    Returns the state and the ready tasks' ids by element id (the task rows the next request finds its task in).
    """
    ready = case.ready_user_tasks()
    _ = case.is_completed, case.outcome, case.outcome  # status_from_workflow, then application.outcome
    state = case.dumps()
    case.due_timers()
    case.pending_service_calls()
    return state, {t.element_id: t.task_id for t in ready}


def run_case(spec: CaseSpec, form: dict[str, Any]) -> str:
    """One demo joint case start to end as the server runs it; returns the final state."""
    case = start_case(spec, form)
    state, rows = save(case)
    for element_id in STEPS:
        case = restore_case(spec, state)
        case.complete_task(rows[element_id], copy.deepcopy(DECISIONS[element_id]))
        state, rows = save(case)
    if case.outcome != "approved":
        raise RuntimeError(f"demo case ended {case.outcome!r}, not approved")
    return state


def run_ours(cases: int, item: DemoItem) -> float:
    """CPU seconds per case for our path (spec cache warm, one warm-up case as the server's would be)."""
    spec = case_spec(f"bench:{item.slug}", item.package_json)
    run_case(spec, item.sample)
    cpu0 = time.process_time()
    for _ in range(cases):
        run_case(spec, item.sample)
    return (time.process_time() - cpu0) / cases


def _profile(cases: int, item: DemoItem, sort: str, top: int) -> None:
    spec = case_spec(f"bench:{item.slug}", item.package_json)
    run_case(spec, item.sample)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(cases):
        run_case(spec, item.sample)
    profiler.disable()
    pstats.Stats(profiler).strip_dirs().sort_stats(sort).print_stats(top)


def main(argv: list[str] | None = None) -> int:
    """Print ms CPU per case for our path and for the bare-engine baseline, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--profile", choices=("cumulative", "tottime"), help="cProfile our path instead")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    item = load_demo_item()
    if args.profile:
        _profile(args.cases, item, args.profile, args.top)
        return 0
    from bench.engine_baseline import run_baseline  # bench/ is beside workflows/ in the repository, not installed

    ours = run_ours(args.cases, item)
    baseline = run_baseline(args.cases, item.slug, item.process_id).cpu_per_case
    ours_again = run_ours(args.cases, item)  # both sides of the baseline, so drift on a shared machine shows
    print(f"ours:     {ours * 1000:.2f} ms CPU per case (again after the baseline: {ours_again * 1000:.2f})")
    print(f"baseline: {baseline * 1000:.2f} ms CPU per case")
    print(f"ratio:    {min(ours, ours_again) / baseline:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
