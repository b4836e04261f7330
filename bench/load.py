"""`make bench-load`: headless locust against gunicorn on loopback, bounded in time; prints errors and p95.

    python -m bench.load [--users 200] [--run-time 120] [--workers 2] [--spawn-rate 5]

--users counts citizens; three staff users (window, scjg, wsjk) work their queues beside them. Citizens arrive
at --spawn-rate per second and each logs in once: a login checks an scrypt password hash (~130 ms of CPU by
design), so 20 arrivals a second alone would ask more than the two cores have and the whole run's p95 would be
the arrival queue. 5 a second puts everyone in within 40 s and leaves most of the run as steady state.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import tempfile
from pathlib import Path

import psycopg

from bench.database import fresh_schema
from bench.server import gunicorn
from bench.settings import REPO, VENV_BIN, bench_env, libpq_url
from bench.stats import percentile

STAFF_USERS = 3


def create_citizens(count: int) -> None:
    """bench_citizen_1..count with the demo citizen's password, inserted directly (no hashing per account)."""
    with psycopg.connect(libpq_url()) as conn:
        conn.execute(
            """
            INSERT INTO user_account (username, display_name, password_hash, active)
            SELECT 'bench_citizen_' || g, '压测市民' || g,
                   (SELECT password_hash FROM user_account WHERE username = 'citizen'), true
            FROM generate_series(1, %s) g
            """,
            (count,),
        )
        conn.execute(
            "INSERT INTO user_role (user_id, role) SELECT id, 'citizen' FROM user_account "
            "WHERE username LIKE 'bench\\_citizen\\_%%'"
        )


def run_locust(base_url: str, users: int, run_time: int, spawn_rate: float, prefix: Path) -> int:
    """Run locust headless; its own console output goes to ``<prefix>.log`` (printed by main on a failure)."""
    env = bench_env()
    env["BENCH_CITIZEN_ACCOUNTS"] = str(users)
    env["BENCH_LOAD_SAMPLES"] = f"{prefix}_samples.json"
    command = [
        str(VENV_BIN / "locust"),
        "-f", str(REPO / "bench" / "locustfile.py"),
        "--headless",
        "--users", str(users + STAFF_USERS),
        "--spawn-rate", str(spawn_rate),
        "--run-time", f"{run_time}s",
        "--stop-timeout", "5",
        "--host", base_url,
        "--csv", str(prefix),
        "--only-summary",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    # Locust exits 1 when any request failed; the figures below say how many, so that is not a crash.
    with open(f"{prefix}.log", "wb") as log:
        return subprocess.run(
            command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=run_time + 120, check=False
        ).returncode


def summarise(stats_csv: Path) -> list[str]:
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    lines = [f"  {'request':<22} {'count':>7} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7}"]
    total = None
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        lines.append(
            f"  {row['Type'] + ' ' + row['Name']:<22} {row['Request Count']:>7} {row['Failure Count']:>7} "
            f"{row['50%']:>8} {row['95%']:>8} {float(row['Requests/s']):>7.1f}"
        )
    if total is None:
        raise RuntimeError(f"no Aggregated row in {stats_csv}")
    lines += [
        f"  all requests: {total['Request Count']}, {float(total['Requests/s']):.1f} req/s",
        f"load errors: {total['Failure Count']}",
        f"load p95 ms: {total['95%']}",
    ]
    return lines


def steady_state(samples_json: Path) -> list[str]:
    """Figures for the requests started once every citizen had logged in (logins hash passwords: the ramp-up)."""
    if not samples_json.exists():
        return ["  (no per-request samples written)"]
    samples = json.loads(samples_json.read_text(encoding="utf-8"))["samples"]
    logins = [started + ms / 1000 for started, name, ms, _ in samples if name.endswith(" token")]
    ramped = max(logins, default=0.0)
    after = [(name, ms, failed) for started, name, ms, failed in samples if started >= ramped]
    if not after:
        return ["  steady state: no requests after the last login"]
    errors = sum(1 for _, _, failed in after if failed)
    p95 = percentile([ms for _, ms, _ in after], 95)
    lines = [
        f"  steady state (after the last citizen logged in): {len(after)} requests, {errors} errors, p95 {p95:.0f} ms"
    ]
    for name in sorted({n for n, _, _ in after}):
        values = [ms for n, ms, _ in after if n == name]
        lines.append(
            f"    {name:<22} {len(values):>6}  p50 {percentile(values, 50):>6.0f} ms"
            f"  p95 {percentile(values, 95):>6.0f} ms"
        )
    lines.append("  whole run, ramp-up included (locust's statistics):")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200, help="simulated citizens (staff come on top)")
    parser.add_argument("--run-time", type=int, default=120, help="seconds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="citizens arriving per second")
    args = parser.parse_args(argv)

    fresh_schema()
    create_citizens(args.users)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp, gunicorn(workers=args.workers) as server:
        prefix = Path(tmp) / "load"
        code = run_locust(server.base_url, args.users, args.run_time, args.spawn_rate, prefix)
        stats = Path(f"{prefix}_stats.csv")
        if not stats.exists():
            print(Path(f"{prefix}.log").read_text(encoding="utf-8", errors="replace")[-5000:])
            raise SystemExit(f"locust wrote no statistics (exit {code})")
        print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
        print(
            f"load: {args.users} citizens + {STAFF_USERS} staff for {args.run_time} s against gunicorn "
            f"{args.workers} workers at {server.base_url}"
        )
        for line in steady_state(Path(f"{prefix}_samples.json")) + summarise(stats):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
