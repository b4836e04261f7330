"""Engine CPU per case without a database or HTTP: our runner the way the server drives it, beside the baseline.

    python -m workflows.bench [--cases 200] [--profile cumulative|tottime] [--top 40]

Our path repeats, per case, what the app does per request: ``start_case`` + save on submission, then for each of
the four steps ``restore_case`` + ``complete_task`` + save, where "save" is what app/services/case_state.py
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
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The demo joint item, its steps and decisions: the same as the HTTP benchmark's and the baseline's (bench/ is beside
# workflows/ in the repository; this module is a development tool, not part of the installed package).
from bench.engine_baseline import STEPS, run_baseline
from bench.lifecycle_driver import DECISIONS
from bench.settings import DEMO_CATALOG, JOINT_ITEM
from workflows.package import compile_approval
from workflows.runner import CaseSpec, CaseWorkflow, case_spec, restore_case, start_case


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


class Phases:
    """CPU seconds per phase of the server's use of the engine (``start``, ``restore``, ``complete``, ...)."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)

    def __call__(self, phase: str, step: Callable[..., Any], *args: Any) -> Any:
        cpu0 = time.process_time()
        result = step(*args)
        self.seconds[phase] += time.process_time() - cpu0
        return result


def _untimed(phase: str, step: Callable[..., Any], *args: Any) -> Any:
    return step(*args)


def save(case: CaseWorkflow, timed: Callable[..., Any] = _untimed) -> tuple[str, dict[str, str]]:
    """What app/services/case_state.py ``save_workflow`` (with job_sync ``sync_jobs``) asks of a case after each step.

    Returns the state and the ready tasks' ids by element id (the task rows the next request finds its task in).
    """
    ready = timed("ready_user_tasks", case.ready_user_tasks)
    # status_from_workflow reads is_completed and outcome, then application.outcome reads outcome again
    timed("outcome", lambda: (case.is_completed, case.outcome, case.outcome))
    state = timed("dumps", case.dumps)
    timed("due_timers + service calls", lambda: (case.due_timers(), case.pending_service_calls()))
    return state, {t.element_id: t.task_id for t in ready}


def run_case(spec: CaseSpec, form: dict[str, Any], timed: Callable[..., Any] = _untimed) -> str:
    """One demo joint case start to end as the server runs it; returns the final state."""
    case = timed("start_case", start_case, spec, form)
    state, rows = save(case, timed)
    for element_id in STEPS:
        case = timed("restore_case", restore_case, spec, state)
        timed("complete_task", case.complete_task, rows[element_id], copy.deepcopy(DECISIONS[element_id]))
        state, rows = save(case, timed)
    if case.outcome != "approved":
        raise RuntimeError(f"demo case ended {case.outcome!r}, not approved")
    return state


def run_ours(cases: int, item: DemoItem) -> tuple[float, dict[str, float]]:
    """CPU seconds per case for our path, in all and by phase (spec cache warm, one warm-up case first, as the
    server's would be). Timing each call costs well under 1 % of a case."""
    spec = case_spec(f"bench:{item.slug}", item.package_json)
    run_case(spec, item.sample)
    timer = Phases()
    cpu0 = time.process_time()
    for _ in range(cases):
        run_case(spec, item.sample, timer)
    total = (time.process_time() - cpu0) / cases
    return total, {phase: seconds / cases for phase, seconds in timer.seconds.items()}


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
    parser.add_argument("--rounds", type=int, default=5, help="alternate ours and the baseline; the best of each")
    args = parser.parse_args(argv)
    item = load_demo_item()
    if args.profile:
        _profile(args.cases, item, args.profile, args.top)
        return 0
    ours, baseline, by_phase = [], [], []
    for _ in range(args.rounds):  # alternated, so drift on a shared machine hits both sides
        total, split = run_ours(args.cases, item)
        ours.append(total)
        by_phase.append(split)
        baseline.append(run_baseline(args.cases, item.slug, item.process_id).cpu_per_case)
    best = by_phase[ours.index(min(ours))]
    for phase, seconds in best.items():
        print(f"  {phase:<28} {seconds * 1000:6.2f} ms per case")
    print(f"ours:     {min(ours) * 1000:.2f} ms CPU per case (rounds: {_ms(ours)})")
    print(f"baseline: {min(baseline) * 1000:.2f} ms CPU per case (rounds: {_ms(baseline)})")
    print(f"ratio:    {min(ours) / min(baseline):.2f}")
    return 0


def _ms(values: list[float]) -> str:
    return " ".join(f"{v * 1000:.2f}" for v in values)


if __name__ == "__main__":
    raise SystemExit(main())
