"""One case driven through the JSON API by client processes: submit, accept, the departments' steps, issue.

The joint item's case (the default): two departments in one item's BPMN. With ``--bundle``, the demo bundle
开办餐饮店's case: one submission of the merged form, one acceptance, three member items' approvals in parallel
(four department steps), one issue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from bench.http_json import ApiError, JsonClient

WINDOW, MARKET, HEALTH, CITIZEN = "window", "scjg", "wsjk", "citizen"
DECISIONS: dict[str, dict[str, Any]] = {
    "window_review": {"decision": "accept"},
    "scjg_review": {"approved": True, "opinion": "材料齐全，符合条件", "inspection_result": "pass"},
    "wsjk_review": {"approved": True, "opinion": "卫生条件符合"},
    "output_issue": {"delivery": "window"},
}
# The bundle's member steps (window_review and output_issue are the joint case's).
BUNDLE_DECISIONS: dict[str, dict[str, Any]] = {
    "scjg_food_review": {"approved": True, "opinion": "经营场所布局合理，同意", "inspection_result": "pass"},
    "wsjk_decide": {"approved": True, "opinion": "准予许可"},
    "cgj_sign_review": {"approved": True, "opinion": "招牌位置、尺寸符合导则"},
}
JOINT_STEPS = ((WINDOW, "window_review"), (MARKET, "scjg_review"), (HEALTH, "wsjk_review"), (WINDOW, "output_issue"))
BUNDLE_STEPS = (
    (WINDOW, "window_review"),
    (MARKET, "scjg_food_review"),
    (HEALTH, "wsjk_review"),
    (HEALTH, "wsjk_decide"),
    ("cgj", "cgj_sign_review"),
    (WINDOW, "output_issue"),
)
REQUEST_KINDS = ("submit", "list_tasks", "claim", "complete", "get_case")


@dataclass(frozen=True)
class DriverConfig:
    host: str
    port: int
    slug: str
    sample: dict[str, Any]
    tokens: dict[str, str]
    claim: bool = False
    submit_path: str = ""  # default: /api/v1/items/<slug>/applications
    steps: tuple[tuple[str, str], ...] = JOINT_STEPS


@dataclass
class CaseResult:
    tracking_number: str | None
    status: str | None
    error: str | None = None
    timings: list[tuple[str, float]] = field(default_factory=list)


_config: DriverConfig | None = None
_client: JsonClient | None = None


def init_worker(config: DriverConfig) -> None:
    """multiprocessing initializer: one configuration and one HTTP connection per client process."""
    global _config, _client
    _config = config
    _client = JsonClient(config.host, config.port)


def _find_task(client: JsonClient, token: str, number: str, element_id: str) -> dict[str, Any]:
    tasks = client.call("list_tasks", "GET", "/api/v1/tasks?limit=500", token=token)["tasks"]
    for task in tasks:
        if task["tracking_number"] == number and task["element_id"] == element_id:
            return task
    raise LookupError(f"{element_id} of {number} is not in the task list")


def _work(client: JsonClient, config: DriverConfig, user: str, number: str, element_id: str) -> dict[str, Any]:
    token = config.tokens[user]
    task = _find_task(client, token, number, element_id)
    if config.claim:
        client.call("claim", "POST", f"/api/v1/tasks/{task['id']}/claim", token=token)
    return client.call(
        "complete",
        "POST",
        f"/api/v1/tasks/{task['id']}/complete",
        {"data": DECISIONS.get(element_id) or BUNDLE_DECISIONS[element_id]},
        token=token,
    )


def drive_case(config: DriverConfig, client: JsonClient) -> CaseResult:
    """Run one case from submission to issue; the result carries this case's request timings."""
    client.timings = []
    number: str | None = None
    try:
        body = {"data": config.sample, "submission_token": uuid.uuid4().hex}
        path = config.submit_path or f"/api/v1/items/{config.slug}/applications"
        case = client.call("submit", "POST", path, body, config.tokens[CITIZEN], expect=201)
        number = str(case["tracking_number"])
        for user, element_id in config.steps:
            _work(client, config, user, number, element_id)
        final = client.call("get_case", "GET", f"/api/v1/applications/{number}", token=config.tokens[CITIZEN])
        return CaseResult(number, final["status"], timings=client.timings)
    except (ApiError, LookupError, OSError) as exc:
        return CaseResult(number, None, error=str(exc), timings=client.timings)


def run_one(_index: int) -> CaseResult:
    assert _config is not None and _client is not None, "init_worker was not called"
    return drive_case(_config, _client)


def run_health(requests: int) -> int:
    """The HTTP floor's unit of work: `requests` calls of an endpoint that does nothing (no auth, no database)."""
    assert _client is not None, "init_worker was not called"
    for _ in range(requests):
        _client.call("health", "GET", "/api/v1/health")
    return requests
