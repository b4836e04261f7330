"""Point 12 of issue 18: the schema-driven fuzzer (schemathesis) against /api/v1/openapi.json, authenticated.

Every operation of the document gets generated requests (valid and invalid by its schema) through the WSGI app,
and every answer is checked against the document: no 500, only documented status codes and content types, bodies
matching their schemas, schema-valid requests accepted and schema-violating ones refused. The budget is small and
fixed (a seed, a few examples per operation, no shrinking, no example database) so a run takes seconds and finds
the same things every time; the contract cannot drift without this test failing.
"""

from __future__ import annotations

import io
import time
import uuid
from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import select

from tests.factories import demo_item, new_token

SEED = 20261202
# Fuzzing examples per operation: enough to find a 500 or a contract gap (the examples, the coverage phase's
# boundary values and these), small enough for CI.
EXAMPLES = 5
# The bound is on this process's CPU time, not the wall clock: alone (CI) a run takes about as long on the wall,
# but on a 2-core machine shared by eight the wall clock tells the load, not the fuzzer.
CPU_SECONDS = 30

CONFIG = {
    "seed": SEED,
    "suppress-health-check": ["all"],
    # NUL is refused in every string at the door (request_guard, issue 18 point 10), as the document says.
    "generation": {"max-examples": EXAMPLES, "no-shrink": True, "database": "none", "allow-x00": False},
    "phases": {"stateful": {"enabled": False}},
}


def _token(app: Flask, username: str) -> str:
    response = app.test_client().post("/api/v1/token", json={"username": username, "password": "demo1234"})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["token"]


def operations(app: Flask) -> list[APIOperation]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=SchemathesisConfig.from_dict(CONFIG))
    return [result.ok() for result in schema.get_all_operations()]


def fuzz(operation: APIOperation, mode: GenerationMode, headers: dict[str, str], path: dict[str, Any]) -> None:
    """``EXAMPLES`` generated requests of ``mode`` for one operation, each answer validated against the document.

    ``path``: real path parameters (a live item, an open task of the caller's department), so generated bodies
    reach the business rules instead of a 404. There a schema-valid body may still break the item's own form (its
    schema is per item, served by /items, not in this document): a 422 naming the fields is the right answer, so
    the "schema-valid request accepted" check is left out for those runs only."""
    excluded = [positive_data_acceptance] if path and operation.body else []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,  # the same requests on every run: a failure here is a real regression, never luck
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: report the first failure as found
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path or None))
    def run(case: schemathesis.Case) -> None:
        if mode == GenerationMode.POSITIVE and case.headers and "Idempotency-Key" in case.headers:
            # A client sends a new key with each new request (reusing one for another body is refused, 422, and
            # that is tested on its own); the negative runs still send malformed keys.
            case.headers["Idempotency-Key"] = uuid.uuid4().hex
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    run()


def fuzz_api(app: Flask, headers: dict[str, str], real: dict[str, Any]) -> list[str]:
    """Every operation, positive and negative, with generated path parameters and, where ``real`` has them all,
    again with the real ones; the failures found, one text each."""
    found = []
    for operation in operations(app):
        names = [p.name for p in operation.path_parameters]
        runs: list[dict[str, Any]] = [{}]
        if names and all(name in real for name in names):
            runs.append({name: real[name] for name in names})
        for path in runs:
            # Nothing left to get wrong (no parameters or body, or only the real path): positive requests only.
            free = [p for p in operation.iter_parameters() if not (path and p.location == "path")]
            modes = [GenerationMode.POSITIVE]
            if free or operation.body:
                modes.append(GenerationMode.NEGATIVE)
            if any(body.media_type == "multipart/form-data" for body in operation.body):
                # schemathesis 4.32.5 fails building schema-violating multipart bodies (a TypeError of its own);
                # hostile uploads are tests/hostile's and tests/web/test_uploads.py's.
                modes = [GenerationMode.POSITIVE]
            for mode in modes:
                try:
                    fuzz(operation, mode, headers, path)
                except (Exception, BaseExceptionGroup) as exc:  # every operation is fuzzed, then all are reported
                    found.append(f"{operation.label} {path or ''} ({mode}): {exc}")
    return found


def open_joint_case(app: Flask) -> dict[str, Any]:
    """A joint case accepted at the window, so 卫健 has an open step on it: its tracking number and task id."""
    client = app.test_client()
    slug, sample = demo_item("joint")
    citizen, window = _auth(app, "citizen"), _auth(app, "window")
    body = {"data": sample, "submission_token": new_token()}
    number = client.post(f"/api/v1/items/{slug}/applications", json=body, headers=citizen).get_json()["tracking_number"]
    [review] = [t for t in client.get("/api/v1/tasks", headers=window).get_json()["tasks"]]
    client.post(f"/api/v1/tasks/{review['id']}/complete", json={"data": {"decision": "accept"}}, headers=window)
    [step] = client.get("/api/v1/tasks", headers=_auth(app, "wsjk")).get_json()["tasks"]
    return {"slug": slug, "tracking_number": number, "task_id": step["id"]}


def deferred_material(app: Flask) -> int:
    """A case accepted with a deferred material (容缺受理): the owed material's id."""
    from app.extensions import db
    from app.services import deferrals, one_window
    from tests.integration.deferral_drive import DEFERRABLE, in_days, submit_deferring_case
    from tests.integration.drive import ready_task, user

    with app.app_context():
        case = submit_deferring_case()
        until = in_days(5)
        one_window.accept(
            ready_task(case, "window_review"), user("window"), deferred_materials=[DEFERRABLE], deferred_until=until
        )
        db.session.commit()
        return deferrals.materials_of(case)[0].id


def booking_of(app: Flask, kind: str) -> str:
    """A citizen's booking of the demo item of ``kind`` in the first free slot at the district hall: its number."""
    from app.extensions import db
    from app.models import ServiceItem
    from app.services import bookings
    from app.services.centres import centre_by_code
    from tests.integration.drive import user

    with app.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == demo_item(kind)[0]))
        centre = centre_by_code("mh-district")
        day = bookings.open_days(centre)[0]
        slot = bookings.slots_of(centre, day)[0]
        booking = bookings.book(
            citizen=user("citizen"),
            centre=centre,
            item=item,
            day=day,
            starts=f"{slot.starts:%H:%M}",
            name="张三",
            phone="13800138000",
        )
        db.session.commit()
        return booking.number


def _auth(app: Flask, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {_token(app, username)}"}


def test_the_api_keeps_its_contract_under_fuzzing_as_an_approver(demo: Flask) -> None:
    started = time.process_time()
    real = open_joint_case(demo)
    real["number"] = booking_of(demo, "promised")
    found = fuzz_api(demo, _auth(demo, "wsjk"), real)  # an approver of 卫健
    assert not found, "\n\n".join(found)
    print(f"fuzzing took {time.process_time() - started:.1f} s of CPU")
    assert time.process_time() - started < CPU_SECONDS, "the fuzzer's budget is spent: lower EXAMPLES"


def test_the_api_keeps_its_contract_under_fuzzing_as_an_integrator(demo: Flask) -> None:
    """Issue 20: every endpoint, as 卫健's department system (scopes read, decide and submit), with a webhook
    subscription and a delivery of its own so their paths have real ids too."""
    from app.extensions import db
    from app.services.integrators import create_client, issue_client_token
    from app.webhooks import subscriptions

    started = time.process_time()
    with demo.app_context():
        # A budget above the fuzzer's few hundred calls: the limit itself is tested in test_integrators.py.
        client = create_client("卫健审批系统", "wsjk", "read decide submit", "100000/minute")
        _, token = issue_client_token(client, "fuzz")
        subscription = subscriptions.subscribe(client, "http://127.0.0.1:9/unused", ["task.ready"])
        real_subscription = subscription.id
        db.session.commit()
    real = open_joint_case(demo)  # its task.ready is queued for the subscription above
    with demo.app_context():
        from app.models import WebhookDelivery

        real["delivery_id"] = db.session.scalar(select(WebhookDelivery.id))
    real["subscription_id"] = real_subscription
    headers = {"Authorization": f"Bearer {token}"}
    upload = demo.test_client().post(
        "/api/v1/uploads", data={"file": (io.BytesIO(b"%PDF-1.4 fuzz"), "plan.pdf")}, headers=headers
    )
    assert upload.status_code == 201, upload.get_json()
    real["file_id"] = upload.get_json()["file_id"]
    real["material_id"] = deferred_material(demo)  # 容缺受理's endpoints reach a real owed material (of another case)
    real["number"] = booking_of(demo, "promised")  # a booking of a 卫健 item: on the department's day list
    found = fuzz_api(demo, headers, real)
    assert not found, "\n\n".join(found)
    print(f"fuzzing took {time.process_time() - started:.1f} s of CPU")
    assert time.process_time() - started < CPU_SECONDS, "the fuzzer's budget is spent: lower EXAMPLES"
