"""`make bench-instructions`: the lifecycle's work counted in CPU instructions, which a busy machine cannot skew.

    python -m bench.instructions [--cases 20]

CPU seconds on a shared virtual machine move by 15 % and more from run to run, because a neighbour's load slows
the same instructions down; that hides any change smaller than that. valgrind's callgrind counts the instructions
a process executes in user space instead, and the count repeats to well under 1 %: use it to A/B a change.

Each side runs in its own process under callgrind, twice: once with N cases after a warm-up and once with the
warm-up alone; the difference divided by N is that side's instructions per case, start-up excluded.
  platform: one joint case through the JSON API in one process (Flask's test client, PostgreSQL, the same
            requests as `make bench`: submit, four times list + complete, read), so gunicorn and the
            HTTP parsing are not in it, and PostgreSQL's own work is in another process;
  baseline: the bare-engine case of `make bench` (bench/engine_baseline.py).
The last line is `instruction ratio: X.X` (platform / baseline). It is not the lifecycle ratio of `make bench`
and runs far below it (1.1 against 3.5–4.5 on 2026-11-23): the engine's tight loop retires two to three times
as many instructions per second as the platform, whose requests run through far more code (Flask, SQLAlchemy,
psycopg, the engine, JSON Schema) and wait on PostgreSQL between statements, so caches start cold again and again.
Kernel work (sockets) is not counted either. Takes a few minutes: callgrind runs Python about fifty times slower.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

from bench.settings import REPO, bench_env

_COLLECTED = re.compile(r"==\d+== Collected : (\d+)")
_CHILD = "YICHUANG_INSTRUCTIONS_CHILD"  # "platform" or "baseline": this process is the one being counted
WARMUP = 3


@dataclass(frozen=True)
class SideCount:
    cases: int
    with_cases: int  # instructions of the whole process with `cases` measured cases
    without: int  # the same process with the warm-up only

    @property
    def per_case(self) -> float:
        return (self.with_cases - self.without) / self.cases


def _platform_cases(cases: int) -> None:
    from sqlalchemy import select

    from app import create_app
    from app.extensions import db
    from app.models import User
    from app.services.api_tokens import issue_token
    from bench.lifecycle_driver import CITIZEN, HEALTH, MARKET, WINDOW
    from bench.profile_lifecycle import one_case
    from bench.settings import BENCH_DATABASE_URL, sample_submission

    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    app = create_app({"SECRET_KEY": "bench-only-not-a-secret"})
    headers = {}
    with app.app_context():  # tokens issued directly: a password check is a deliberately slow hash
        for name in (CITIZEN, WINDOW, MARKET, HEALTH):
            user = db.session.scalar(select(User).where(User.username == name))
            headers[name] = {"Authorization": f"Bearer {issue_token(user, 'bench', 1)[1]}"}
        db.session.commit()
    client = app.test_client()
    sample = sample_submission()
    for _ in range(WARMUP + cases):
        assert one_case(client, headers, sample) == "issued"


def _baseline_cases(cases: int) -> None:
    from bench.engine_baseline import run_baseline

    run_baseline(WARMUP + cases)  # its own extra warm-up case runs in both counts and is subtracted


def count(side: str, cases: int) -> int:
    """Instructions of one process running ``side`` with ``cases`` cases after the warm-up, under callgrind."""
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, "-m", "bench.instructions", "--cases", str(cases),
    ]  # fmt: skip
    env = {**bench_env(), _CHILD: side}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        tail = "\n".join(done.stderr.splitlines()[-15:])
        raise RuntimeError(f"callgrind run of the {side} ({cases} cases) failed:\n{tail}")
    return int(found.group(1))


def measure(side: str, cases: int) -> SideCount:
    return SideCount(cases, count(side, cases), count(side, 0))


def report(platform: SideCount, baseline: SideCount) -> list[str]:
    ratio = platform.per_case / baseline.per_case
    return [
        f"instructions per case ({platform.cases} cases, {WARMUP} warm-up, start-up subtracted; callgrind):",
        f"  platform in one process (API through Flask's test client, no gunicorn): {platform.per_case / 1e6:.1f} M",
        f"  baseline (bare SpiffWorkflow, serializer round trip per step):           {baseline.per_case / 1e6:.1f} M",
        f"instruction ratio: {ratio:.1f}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=20)
    args = parser.parse_args(argv)
    side = os.environ.get(_CHILD)
    if side == "platform":
        _platform_cases(args.cases)
        return 0
    if side == "baseline":
        _baseline_cases(args.cases)
        return 0
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    if shutil.which("valgrind") is None:
        print("bench.instructions needs valgrind (Debian package valgrind) on the PATH", file=sys.stderr)
        return 2
    from bench.database import fresh_schema

    fresh_schema()
    platform = measure("platform", args.cases)
    baseline = measure("baseline", args.cases)
    print("\n".join(report(platform, baseline)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
