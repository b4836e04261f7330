"""Locust users for `make bench-load`: citizens browse guides and submit through the API while staff work their
queues through the API. Run by bench.load (headless, bounded); the citizens' accounts bench_citizen_<n> are
created by bench.load before the run.

Environment: BENCH_CITIZEN_ACCOUNTS (how many bench_citizen_<n> accounts exist); BENCH_LOAD_SAMPLES (a file
that receives every request's start, name, milliseconds and failure as JSON, so bench.load can tell the ramp-up,
when every citizen logs in, from the steady state).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
import urllib.request
import uuid
from typing import Any

from locust import FastHttpUser, between, events, task

from bench.lifecycle_driver import DECISIONS
from bench.settings import DEMO_CATALOG, JOINT_ITEM, PASSWORD, sample_submission

SLUGS = sorted(p.name for p in DEMO_CATALOG.iterdir() if (p / "item.json").exists())
SAMPLE = sample_submission(JOINT_ITEM)
ACCOUNTS = int(os.environ.get("BENCH_CITIZEN_ACCOUNTS", "200"))
STAFF_TOKENS: dict[str, str] = {}
_next_citizen = itertools.count(1)
SAMPLES: list[tuple[float, str, float, bool]] = []


@events.request.add_listener
def remember_request(
    request_type: str,
    name: str,
    response_time: float,
    exception: Any = None,
    start_time: float | None = None,
    **_kwargs: Any,
) -> None:
    SAMPLES.append((start_time or time.time(), f"{request_type} {name}", response_time, exception is not None))


@events.quitting.add_listener
def write_samples(**_kwargs: Any) -> None:
    target = os.environ.get("BENCH_LOAD_SAMPLES")
    if target:
        with open(target, "w", encoding="utf-8") as fh:
            json.dump({"samples": SAMPLES}, fh)


def _token(host: str, username: str) -> str:
    request = urllib.request.Request(
        f"{host}/api/v1/token",
        data=json.dumps({"username": username, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback URL from our runner
        return str(json.load(response)["token"])


@events.test_start.add_listener
def staff_tokens(environment: Any, **_kwargs: Any) -> None:
    # Issuing a token replaces the account's previous one, so all simulated staff of an account share one.
    for username in ("window", "scjg", "wsjk"):
        STAFF_TOKENS[username] = _token(environment.host, username)


class Citizen(FastHttpUser):
    """Reads the guide catalogue and item guides, sometimes applies, then follows the case."""

    wait_time = between(5, 15)  # reading a guide or filling a form takes a person seconds

    def on_start(self) -> None:
        username = f"bench_citizen_{(next(_next_citizen) - 1) % ACCOUNTS + 1}"
        with self.client.post(
            "/api/v1/token", json={"username": username, "password": PASSWORD}, name="token", catch_response=True
        ) as response:
            self.headers = {"Authorization": f"Bearer {response.json()['token']}"}
        self.cases: list[str] = []

    @task(4)
    def guide_catalogue(self) -> None:
        self.client.get("/", name="/")

    @task(4)
    def item_guide(self) -> None:
        self.client.get(f"/items/{random.choice(SLUGS)}", name="/items/<slug>")

    @task(1)
    def submit(self) -> None:
        body = {"data": SAMPLE, "submission_token": uuid.uuid4().hex}
        response = self.client.post(
            f"/api/v1/items/{JOINT_ITEM}/applications", json=body, headers=self.headers, name="submit"
        )
        if response.status_code == 201:
            self.cases.append(response.json()["tracking_number"])

    @task(2)
    def follow_case(self) -> None:
        if self.cases:
            number = random.choice(self.cases)
            self.client.get(f"/api/v1/applications/{number}", headers=self.headers, name="get case")


class Staff(FastHttpUser):
    """Lists the account's queue and decides one task from its first page."""

    abstract = True
    username = ""
    wait_time = between(0.5, 2)

    @task
    def work_queue(self) -> None:
        headers = {"Authorization": f"Bearer {STAFF_TOKENS[self.username]}"}
        tasks = self.client.get("/api/v1/tasks?limit=50", headers=headers, name="list tasks").json()["tasks"]
        ours = [t for t in tasks if t["element_id"] in DECISIONS]
        if not ours:
            return
        chosen = random.choice(ours)
        with self.client.post(
            f"/api/v1/tasks/{chosen['id']}/complete",
            json={"data": DECISIONS[chosen["element_id"]]},
            headers=headers,
            name="complete",
            catch_response=True,
        ) as response:
            if response.status_code == 409:  # a colleague finished it a moment earlier: expected, not an error
                response.success()


class WindowClerk(Staff):
    fixed_count = 1
    username = "window"


class MarketApprover(Staff):
    fixed_count = 1
    username = "scjg"


class HealthApprover(Staff):
    fixed_count = 1
    username = "wsjk"
