"""`make bench`: N joint cases through the JSON API against gunicorn, beside the bare-engine baseline.

    python -m bench.lifecycle [--cases 300] [--rounds 3] [--slices 5] [--clients 4] [--workers 2] [--warmup 10]
                              [--claim] [--py-spy]

Prints cases/s, p50/p95 per request kind, server (gunicorn master + workers) CPU-s per case, the PostgreSQL
backends' and the client processes' CPU-s per case with the throughput the machine's cores allow at that cost, the
HTTP floor, the baseline's CPU-s per case, and last `lifecycle ratio: X.X` (server / baseline).

On a shared two-core machine the same code's CPU cost moves by ±15 % and more within minutes, the baseline's as
much as the server's (2.7 to 3.8 for one commit on 2026-11-23 when the baseline ran only before and after the
HTTP phase). So each round interleaves the two in time: the measured cases run in ``--slices`` slices on one
server and one set of clients, and a baseline slice of as many cases runs before the first, between slices and
after the last, while the server is idle. A slow spell then slows both sides of the ratio alike. The round's
baseline is the mean of its baseline slices; ``--rounds`` rounds each start a fresh server and schema, one line per
round is printed, and the full report and the last line are the median round's (for an even count the worse of
the two middle ones).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass, replace
from multiprocessing.pool import Pool
from pathlib import Path

import psutil

from bench.database import fresh_schema
from bench.engine_baseline import BaselineResult, run_baseline
from bench.http_json import JsonClient, get_token
from bench.lifecycle_driver import (
    BUNDLE_STEPS,
    CITIZEN,
    HEALTH,
    MARKET,
    REQUEST_KINDS,
    WINDOW,
    CaseResult,
    DriverConfig,
    init_worker,
    run_health,
    run_one,
)
from bench.procstat import backends_delta, postgres_backends_cpu, process_cpu_seconds, tree_cpu_seconds
from bench.server import gunicorn
from bench.settings import (
    BENCH_DATABASE_URL,
    BUNDLE,
    JOINT_ITEM,
    PASSWORD,
    REPO,
    bundle_sample,
    libpq_url,
    sample_submission,
)
from bench.stack_profile import record, summarise
from bench.stack_profile import report as stack_report
from bench.stats import latency_table

PY_SPY_OUT = REPO / "instance" / "bench-py-spy.txt"


@dataclass(frozen=True)
class HttpRun:
    results: list[CaseResult]
    wall_seconds: float
    server_cpu: float
    db_cpu: float
    floor_requests: int  # requests of the HTTP floor phase (GET /api/v1/health), as many per case as the cases made
    floor_cpu: float
    client_cpu: float = 0.0  # the client processes of the lifecycle phase, for the machine's ceiling

    @property
    def requests(self) -> int:
        return sum(len(r.timings) for r in self.results)


def _tokens(host: str, port: int) -> dict[str, str]:
    # One token per user for the whole run: issuing a token replaces that user's previous one.
    client = JsonClient(host, port)
    try:
        return {user: get_token(client, user, PASSWORD) for user in (CITIZEN, WINDOW, MARKET, HEALTH, "cgj")}
    finally:
        client.close()


def _client_pool(config: DriverConfig, clients: int) -> Pool:
    """``clients`` forked client processes, each with its own keep-alive connection to the server."""
    return multiprocessing.get_context("fork").Pool(clients, initializer=init_worker, initargs=(config,))


def _drive_floor(config: DriverConfig, cases: int, requests_per_case: int, clients: int) -> int:
    """The same clients making the same number of requests to an endpoint that does no work: what HTTP, gunicorn
    and Flask cost per request on their own, measured in the same run as the lifecycle."""
    with _client_pool(config, clients) as pool:
        return sum(pool.imap_unordered(run_health, [requests_per_case] * cases, chunksize=1))


def _clients_cpu() -> float:
    return sum(process_cpu_seconds(p.pid) for p in multiprocessing.active_children())


def slice_sizes(cases: int, slices: int) -> list[int]:
    """``cases`` split into ``slices`` slices as even as can be (no empty slice)."""
    count = max(1, min(slices, cases))
    return [cases // count + (1 if i < cases % count else 0) for i in range(count)]


def run_http(
    cases: int,
    clients: int,
    workers: int,
    warmup: int,
    claim: bool,
    py_spy: Path | None,
    slices: int,
    bundle: bool = False,
) -> tuple[HttpRun, list[BaselineResult]]:
    """The measured cases in slices on one server, with a baseline slice before, between and after them."""
    fresh_schema()
    database = libpq_url().rsplit("/", 1)[1]
    sizes = slice_sizes(cases, slices)
    results: list[CaseResult] = []
    server_cpu = db_cpu = wall = 0.0
    with gunicorn(workers=workers, log=REPO / "instance" / "bench-gunicorn.log") as server:
        config = DriverConfig(
            server.host, server.port, JOINT_ITEM, sample_submission(), _tokens(server.host, server.port), claim
        )
        if bundle:
            config = replace(
                config,
                slug=BUNDLE,
                sample=bundle_sample(),
                submit_path=f"/api/v1/bundles/{BUNDLE}/applications",
                steps=BUNDLE_STEPS,
            )
        with _client_pool(config, clients) as pool:
            if warmup:  # spec caches, connection pools, imports in every worker and client
                pool.map(run_one, range(warmup), chunksize=1)
            client0 = _clients_cpu()
            sampler = None
            if py_spy:  # one worker, sampled without pausing it, for the whole measured phase
                worker = psutil.Process(server.pid).children()[0].pid
                sampler = record(worker, 3600, py_spy)
            baselines = [run_baseline(sizes[0])]
            for size in sizes:
                cpu0, db0, wall0 = tree_cpu_seconds(server.pid), postgres_backends_cpu(database), time.perf_counter()
                results.extend(pool.imap_unordered(run_one, range(size), chunksize=1))
                wall += time.perf_counter() - wall0
                server_cpu += tree_cpu_seconds(server.pid) - cpu0
                db_cpu += backends_delta(db0, postgres_backends_cpu(database))
                baselines.append(run_baseline(size))
            client_cpu = _clients_cpu() - client0
            if sampler:
                sampler.send_signal(signal.SIGINT)  # py-spy writes its stacks on Ctrl-C
                sampler.wait(timeout=60)
        requests_per_case = round(sum(len(r.timings) for r in results) / max(len(results), 1))
        floor0 = tree_cpu_seconds(server.pid)
        floor_requests = _drive_floor(config, len(results), requests_per_case, clients)
        floor_cpu = tree_cpu_seconds(server.pid) - floor0
    run = HttpRun(results, wall, server_cpu, db_cpu, floor_requests, floor_cpu, client_cpu)
    return run, baselines


@dataclass(frozen=True)
class Round:
    run: HttpRun
    baselines: tuple[BaselineResult, ...]  # slices run before, between and after the HTTP slices

    @property
    def baseline_cpu_per_case(self) -> float:
        # Interleaved with the HTTP slices, the baseline slices saw the same slow and fast spells of the machine.
        return sum(b.cpu_seconds for b in self.baselines) / sum(b.cases for b in self.baselines)

    @property
    def server_cpu_per_case(self) -> float:
        return self.run.server_cpu / len(self.run.results)

    @property
    def ratio(self) -> float:
        return self.server_cpu_per_case / self.baseline_cpu_per_case


def median_round(rounds: list[Round]) -> Round:
    """The round of median ratio; of an even count, the worse of the two middle ones."""
    return sorted(rounds, key=lambda r: r.ratio)[len(rounds) // 2]


def round_lines(rounds: list[Round]) -> list[str]:
    lines = []
    for number, one in enumerate(rounds, 1):
        cases = len(one.run.results)
        lines.append(
            f"  round {number}: {cases / one.run.wall_seconds:.1f} cases/s, server "
            f"{one.server_cpu_per_case * 1000:.1f} ms CPU per case, baseline "
            f"{one.baseline_cpu_per_case * 1000:.1f} ms, ratio {one.ratio:.1f}"
        )
    chosen = median_round(rounds)
    lines.append(f"rounds: {len(rounds)}; the report above is round {rounds.index(chosen) + 1}'s, the median")
    return lines


def report(measured: Round, clients: int, workers: int, kind: str = "joint") -> list[str]:
    run, baselines = measured.run, measured.baselines
    cases = len(run.results)
    issued = sum(1 for r in run.results if r.status == "issued")
    errors = [r for r in run.results if r.error]
    server_per_case = measured.server_cpu_per_case
    baseline_cpu_per_case = measured.baseline_cpu_per_case
    floor_per_request = run.floor_cpu / max(run.floor_requests, 1)
    floor_per_case = floor_per_request * run.requests / cases
    all_per_case = (run.server_cpu + run.db_cpu + run.client_cpu) / cases
    cores = os.cpu_count() or 1
    load = " ".join(f"{v:.1f}" for v in os.getloadavg())
    lines = [
        f"machine: {os.cpu_count()} CPUs, load average {load} (other processes on the machine skew wall times)",
        f"lifecycle over HTTP: {cases} {kind} cases, {clients} client processes, gunicorn {workers} workers "
        "(gunicorn.conf.py), "
        f"PostgreSQL at {BENCH_DATABASE_URL.rsplit('@', 1)[1]}",
        f"  cases issued: {issued}/{cases}" + (f"  (first error: {errors[0].error})" if errors else ""),
        f"  wall: {run.wall_seconds:.2f} s   throughput: {cases / run.wall_seconds:.1f} cases/s  "
        f"({run.requests / run.wall_seconds:.0f} requests/s)",
        *latency_table((t for r in run.results for t in r.timings), REQUEST_KINDS),
        f"  server CPU (gunicorn master + workers): {run.server_cpu:.2f} s = {server_per_case * 1000:.1f} ms per case",
        f"  PostgreSQL backends CPU: {run.db_cpu:.2f} s = {run.db_cpu / cases * 1000:.1f} ms per case (not in ratio)",
        f"  client processes CPU: {run.client_cpu:.2f} s = {run.client_cpu / cases * 1000:.1f} ms per case",
        f"  machine ceiling: server + PostgreSQL + clients = {all_per_case * 1000:.1f} ms CPU per case, so "
        f"{cores} cores can finish at most {cores / all_per_case:.0f} cases/s",
        f"  HTTP floor: {run.floor_requests} requests of GET /api/v1/health (no auth, no database) from the same "
        f"clients: {floor_per_request * 1000:.2f} ms server CPU per request = {floor_per_case * 1000:.1f} ms per case "
        f"of {run.requests / cases:.0f} requests",
        f"  platform work above the floor: {(server_per_case - floor_per_case) * 1000:.1f} ms per case "
        f"({(server_per_case - floor_per_case) / baseline_cpu_per_case:.1f} x the baseline)",
        f"baseline (bare SpiffWorkflow, same BPMN, full serializer round trip per step, "
        f"{sum(b.cases for b in baselines)} cases in {len(baselines)} slices before, between and after the HTTP "
        "slices): "
        + " / ".join(f"{b.cpu_per_case * 1000:.1f}" for b in baselines)
        + f" ms CPU per case, {baseline_cpu_per_case * 1000:.1f} ms overall",
        f"lifecycle ratio: {measured.ratio:.1f}",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3, help="fresh server and schema each; median reported")
    parser.add_argument("--slices", type=int, default=5, help="per round, each followed by a baseline slice")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--warmup", type=int, default=10, help="cases run before measuring (not counted)")
    parser.add_argument("--claim", action="store_true", help="claim each department task before completing it")
    parser.add_argument("--py-spy", action="store_true", help=f"sample one worker with py-spy into {PY_SPY_OUT}")
    parser.add_argument(
        "--bundle",
        action="store_true",
        help="drive the demo bundle 开办餐饮店 (one form, three member items in parallel) instead of the joint item",
    )
    args = parser.parse_args(argv)

    rounds = []
    for number in range(max(args.rounds, 1)):
        py_spy = PY_SPY_OUT if args.py_spy and number == 0 else None  # one sampled round is enough
        run, baselines = run_http(
            args.cases,
            args.clients,
            args.workers,
            args.warmup,
            args.claim,
            py_spy,
            slices=args.slices,
            bundle=args.bundle,
        )
        rounds.append(Round(run, tuple(baselines)))
    if args.py_spy and PY_SPY_OUT.exists():
        for line in stack_report(summarise(PY_SPY_OUT)):
            print(line)
    chosen = median_round(rounds)
    lines = report(chosen, args.clients, args.workers, "bundle (开办餐饮店, 3 members)" if args.bundle else "joint")
    if len(rounds) > 1:
        lines[-1:-1] = round_lines(rounds)
    for line in lines:
        print(line, flush=True)
    return 0 if all(r.status == "issued" for one in rounds for r in one.run.results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
