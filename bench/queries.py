"""`make bench-queries`: the staff, portal and supervision queries at two scales of generated data.

    python -m bench.queries [--scales 10000,1000000] [--repeat 30] [--explain FILE] [--no-generate]

For each scale the generator (bench.generate) rebuilds the database; each query then runs ``--repeat`` times
with varied parameters (after one warm-up) through the application's SQLAlchemy session, and its median
wall-clock milliseconds are printed, with the growth ratio between the smallest and the largest scale.
``--explain FILE`` appends EXPLAIN (ANALYZE, BUFFERS) of each query's real SQL at every scale.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, select

from bench.generate import generate
from bench.settings import BENCH_DATABASE_URL
from bench.stats import median

QUERIES = (
    "department queue",
    "tracking number",
    "my applications",
    "supervision counts",
    "supervise page",
    "dashboard received",
    "dashboard completed",
    "dashboard supplements",
    "dashboard working days",
    "dashboard open lights",
    "dashboard overdue steps",
    "dashboard (all figures)",
    "dashboard (one dept)",
    "dashboard (one centre)",
    "dashboard (one window)",
    "drill-down red",
    "search number",
    "search ID number",
    "search full name",
    "search short name",
    "search part of name",
    "search as approver",
    "search item + dates",
    "today's cases",
    "my finished work",
)
_SEARCH = {name: 50 for name in QUERIES if name.startswith("search") or name in ("today's cases", "my finished work")}
# The supervision dashboard's queries (issue 19): each under 250 ms at 1,000,000 cases.
_DASHBOARD = {name: 250 for name in QUERIES if name.startswith(("dashboard", "drill-down"))}
GOAL_MS = {
    "department queue": 25,
    "tracking number": 25,
    "my applications": 25,
    "supervision counts": 250,
    **_DASHBOARD,
    **_SEARCH,
}


@dataclass(frozen=True)
class Sample:
    departments: list[int]
    numbers: list[str]
    citizens: list[int]
    terms: dict[str, list[str]]  # kind -> values of sampled cases (names split: "full", "short", "part")
    items: list[int]
    clerks: list[int]
    streets: list[int]  # street centres (their stations' cases count with them)
    windows: list[Any]  # app.services.supervision_scope.Window of the clerks' windows


def _sample(rng: random.Random, repeat: int) -> Sample:
    from app.extensions import db
    from app.models import Application, Department, User

    departments = list(db.session.scalars(select(Department.id)))
    top = db.session.scalar(select(Application.id).order_by(Application.id.desc()).limit(1)) or 1
    ids = [rng.randint(1, top) for _ in range(repeat)]
    numbers = list(db.session.scalars(select(Application.tracking_number).where(Application.id.in_(ids))))
    citizens = list(
        db.session.scalars(
            select(Application.applicant_id).where(Application.id.in_([rng.randint(1, top) for _ in range(repeat)]))
        )
    )
    if not citizens:
        citizens = list(db.session.scalars(select(User.id).limit(repeat)))
    return Sample(
        departments, numbers or ["YC-none"], citizens, _terms(ids), _items(), _clerks(rng, repeat), *_centres()
    )


def _centres() -> tuple[list[int], list[Any]]:
    """Street centres and the windows of every centre's clerks (bench.generate gives each centre its clerks)."""
    from app.extensions import db
    from app.models import Centre
    from app.services.supervision_scope import window_choices

    streets = list(db.session.scalars(select(Centre.id).where(Centre.level == "street").order_by(Centre.id)))
    return streets or [0], [window for window, _ in window_choices(None)] or [None]


def _terms(ids: list[int]) -> dict[str, list[str]]:
    from app.extensions import db
    from app.models import CaseSearchTerm

    found: dict[str, list[str]] = {"full": [], "short": [], "part": [], "id_number": []}
    rows = db.session.execute(
        select(CaseSearchTerm.kind, CaseSearchTerm.value).where(CaseSearchTerm.application_id.in_(ids))
    )
    for kind, value in rows:
        if kind == "id_number":
            found["id_number"].append(value)
        elif kind == "name" and value.endswith("有限公司"):
            found["part"].append(value[3:7])  # the company's own characters and the trade, as a clerk types it
        elif kind == "name":
            found["short" if len(value) == 2 else "full"].append(value)
    return {kind: values or ["无此人"] for kind, values in found.items()}


def _items() -> list[int]:
    from app.extensions import db
    from app.models import ServiceItem

    return list(db.session.scalars(select(ServiceItem.id))) or [0]


def _clerks(rng: random.Random, repeat: int) -> list[int]:
    """Users who completed steps (the generator gives every finished step to the demo clerk `window`)."""
    from app.extensions import db
    from app.models import HumanTask, User

    done = list(
        db.session.scalars(
            select(HumanTask.completed_by_id).where(HumanTask.completed_by_id.is_not(None)).limit(repeat)
        )
    )
    return done or list(db.session.scalars(select(User.id).limit(repeat)))


def _runners(sample: Sample, today: date) -> dict[str, Callable[[int], Any]]:
    from bench import query_shapes as q

    boundaries = q.light_boundaries(today)
    return {
        "department queue": lambda i: q.department_queue(sample.departments[i % len(sample.departments)]),
        "tracking number": lambda i: q.by_tracking_number(sample.numbers[i % len(sample.numbers)]),
        "my applications": lambda i: q.my_applications(sample.citizens[i % len(sample.citizens)]),
        "supervision counts": lambda i: q.supervision_counts(*boundaries),
        "supervise page": lambda i: q.supervise_page(today),
        "dashboard received": lambda i: q.dashboard_figure(today, "received"),
        "dashboard completed": lambda i: q.dashboard_figure(today, "completed"),
        "dashboard supplements": lambda i: q.dashboard_figure(today, "supplements"),
        "dashboard working days": lambda i: q.dashboard_working_days(today),
        "dashboard open lights": lambda i: q.dashboard_open_lights(today),
        "dashboard overdue steps": lambda i: q.dashboard_overdue_steps(today),
        "dashboard (all figures)": lambda i: q.dashboard(today),
        "dashboard (one dept)": lambda i: q.dashboard(today, sample.departments[i % len(sample.departments)]),
        "dashboard (one centre)": lambda i: q.dashboard(today, centre_id=_pick(sample.streets, i)),
        "dashboard (one window)": lambda i: q.dashboard(today, window=_pick(sample.windows, i)),
        "drill-down red": lambda i: q.drill_down(today, "open_red"),
        "search number": lambda i: q.search(q.WINDOW, text=sample.numbers[i % len(sample.numbers)]),
        "search ID number": lambda i: q.search(q.WINDOW, text=_pick(sample.terms["id_number"], i)),
        "search full name": lambda i: q.search(q.WINDOW, text=_pick(sample.terms["full"], i)),
        "search short name": lambda i: q.search(q.WINDOW, text=_pick(sample.terms["short"], i)),
        "search part of name": lambda i: q.search(q.WINDOW, text=_pick(sample.terms["part"], i)),
        "search as approver": lambda i: q.search(
            q.approver(sample.departments[i % len(sample.departments)]), text=_pick(sample.terms["short"], i)
        ),
        "search item + dates": lambda i: q.search(
            q.WINDOW, item_id=_pick(sample.items, i), date_from=today - timedelta(days=30), date_to=today
        ),
        "today's cases": lambda i: q.cases_today(today),
        "my finished work": lambda i: q.finished_by(_pick(sample.clerks, i)),
    }


def _pick(values: list[Any], i: int) -> Any:
    return values[i % len(values)]


@contextmanager
def _captured_sql() -> Iterator[list[tuple[str, Any]]]:
    from app.extensions import db

    seen: list[tuple[str, Any]] = []

    def remember(conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool) -> None:
        seen.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)


def _server_ms(name: str, run: Callable[[int], Any], out: Path | None, scale: int, repeat: int = 5) -> float:
    """Median server-side execution time (EXPLAIN ANALYZE) of the SQL a query sends, summed over its statements;
    with ``out``, the plans (text, with buffers) are appended there."""
    from app.extensions import db

    with _captured_sql() as seen:
        run(0)
    db.session.rollback()
    raw = db.session.connection().connection.driver_connection  # psycopg: the SQL exactly as the app sent it
    total = 0.0
    for statement, params in seen:
        runs = []
        for _ in range(repeat):
            [[plan]] = raw.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, params or None).fetchall()
            runs.append(float(plan[0]["Execution Time"]))
        total += median(runs)
        if out:
            text_plan = [r[0] for r in raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params or None)]
            with out.open("a", encoding="utf-8") as fh:
                fh.write(f"\n=== {name} at {scale:,} cases\n{statement}\n{params}\n" + "\n".join(text_plan) + "\n")
    db.session.rollback()
    return total


def time_queries(scale: int, repeat: int, explain: Path | None) -> dict[str, tuple[float, float]]:
    """{query: (median wall ms through the app's session, median server execution ms)}"""
    from app import create_app
    from app.extensions import db

    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    app = create_app({"SECRET_KEY": "bench-only-not-a-secret"})
    medians: dict[str, tuple[float, float]] = {}
    with app.app_context():
        sample = _sample(random.Random(scale), repeat)
        for name, run in _runners(sample, date.today()).items():
            run(0)  # warm-up: connection, statement cache, buffers
            db.session.rollback()
            samples = []
            for i in range(repeat):
                db.session.expunge_all()
                started = time.perf_counter()
                run(i)
                samples.append((time.perf_counter() - started) * 1000)
                db.session.rollback()
            medians[name] = (median(samples), _server_ms(name, run, explain, scale))
        db.session.remove()
        db.engine.dispose()
    return medians


def table(results: dict[int, dict[str, tuple[float, float]]]) -> list[str]:
    """One row per query: app ms and server ms at each scale, then both growth ratios (largest / smallest)."""
    scales = sorted(results)
    head = "".join(f"{f'app@{s:,}':>15}{f'db@{s:,}':>15}" for s in scales)
    lines = [f"  {'query':<24}{head}{'app ratio':>10}{'db ratio':>9}  goal"]
    for name in QUERIES:
        row = "".join(f"{results[s][name][0]:>15.2f}{results[s][name][1]:>15.2f}" for s in scales)
        first, last = results[scales[0]][name], results[scales[-1]][name]
        app_ratio, db_ratio = last[0] / first[0], last[1] / max(first[1], 0.001)
        goal = f"< {GOAL_MS[name]} ms, ratio <= 1.5" if name in GOAL_MS else "(for comparison)"
        lines.append(f"  {name:<24}{row}{app_ratio:>10.2f}{db_ratio:>9.2f}  {goal}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="10000,1000000", help="comma-separated case counts")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--explain", type=Path, default=None, help="append EXPLAIN ANALYZE plans to this file")
    parser.add_argument("--no-generate", action="store_true", help="time what is loaded now (one scale)")
    args = parser.parse_args(argv)

    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    results: dict[int, dict[str, float]] = {}
    for scale in scales:
        if not args.no_generate:
            generated = generate(scale)
            print(
                f"generated {generated.cases:,} cases ({generated.tasks:,} tasks, {generated.events:,} events) "
                f"in {generated.seconds:.1f} s",
                flush=True,
            )
        results[scale] = time_queries(scale, args.repeat, args.explain)
        timed = ", ".join(f"{k} {app:.2f}/{server:.2f} ms" for k, (app, server) in results[scale].items())
        print(f"timed {scale:,} (app/db): {timed}", flush=True)
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(
        f"query medians in ms: app = wall time through the app's SQLAlchemy session ({args.repeat} runs, ORM "
        "loading included), db = PostgreSQL execution time (EXPLAIN ANALYZE, 5 runs)"
    )
    for line in table(results):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
