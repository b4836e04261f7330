"""Profile the server side of the lifecycle in one process: the same API calls through Flask's test client,
under pyinstrument, against the benchmark database.

    python -m bench.profile_lifecycle [--cases 50] [--html instance/bench-profile.html]
"""

from __future__ import annotations

import argparse
import os
import uuid
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from pyinstrument import Profiler

from bench.database import fresh_schema
from bench.lifecycle_driver import CITIZEN, DECISIONS, HEALTH, MARKET, WINDOW
from bench.settings import BENCH_DATABASE_URL, JOINT_ITEM, PASSWORD, REPO, sample_submission

STEPS = ((WINDOW, "window_review"), (MARKET, "scjg_review"), (HEALTH, "wsjk_review"), (WINDOW, "output_issue"))


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.get_json())
    return response.get_json()


def one_case(client: FlaskClient, headers: dict[str, dict[str, str]], sample: dict[str, Any]) -> str:
    body = {"data": sample, "submission_token": uuid.uuid4().hex}
    number = _ok(client.post(f"/api/v1/items/{JOINT_ITEM}/applications", json=body, headers=headers[CITIZEN]), 201)[
        "tracking_number"
    ]
    for user, element_id in STEPS:
        tasks = _ok(client.get("/api/v1/tasks?limit=500", headers=headers[user]))["tasks"]
        [task] = [t for t in tasks if t["tracking_number"] == number and t["element_id"] == element_id]
        _ok(
            client.post(
                f"/api/v1/tasks/{task['id']}/complete", json={"data": DECISIONS[element_id]}, headers=headers[user]
            )
        )
    return str(_ok(client.get(f"/api/v1/applications/{number}", headers=headers[CITIZEN]))["status"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--top", type=int, default=40, help="functions in the flat listing")
    parser.add_argument("--html", type=Path, default=REPO / "instance" / "bench-profile.html")
    args = parser.parse_args(argv)

    fresh_schema()
    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    from app import create_app

    app = create_app({"SECRET_KEY": "bench-only-not-a-secret"})
    client = app.test_client()
    headers = {}
    for user in (CITIZEN, WINDOW, MARKET, HEALTH):
        token = _ok(client.post("/api/v1/token", json={"username": user, "password": PASSWORD}))["token"]
        headers[user] = {"Authorization": f"Bearer {token}"}
    sample = sample_submission()
    one_case(client, headers, sample)  # warm the spec cache and the pool, as in the HTTP run

    profiler = Profiler(interval=0.0005)
    profiler.start()
    statuses = [one_case(client, headers, sample) for _ in range(args.cases)]
    profiler.stop()
    assert all(s == "issued" for s in statuses), statuses
    args.html.parent.mkdir(parents=True, exist_ok=True)
    args.html.write_text(profiler.output_html(), encoding="utf-8")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    flat = profiler.output_text(unicode=True, color=False, flat=True, flat_time="total").splitlines()
    print("\n".join(flat[: 6 + args.top]))  # header, then the functions with the most time, callees included
    print(f"{args.cases} cases; HTML profile written to {args.html}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
