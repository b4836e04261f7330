"""What the API checks around every call of an integrator client (部门业务系统): the scope the endpoint needs, the
client's own rate limit, and one audit row per call. A person's token passes the scope check (their roles decide)
and is not counted here (sign-in has its own limits, app/login_limits.py)."""

from __future__ import annotations

import math
import time

from flask import Response, g, request
from limits import parse

from app.domain.actors import Caller
from app.extensions import db
from app.login_limits import login_limits
from app.models import ApiCall
from app.services.errors import NotAllowed, ServiceError

# The scope each endpoint needs (app/models/integrators.SCOPES); one not named here needs "read".
ENDPOINT_SCOPES: dict[str, str] = {}


def needs(scope: str, *endpoints: str) -> None:
    for endpoint in endpoints:
        ENDPOINT_SCOPES[endpoint] = scope


class RateLimited(ServiceError):
    status = 429
    code = "rate_limited"

    def __init__(self, retry_after: int, limit: str) -> None:
        super().__init__(
            f"调用过于频繁（本系统上限 {limit}），请 {retry_after} 秒后再试", details={"retry_after": retry_after}
        )
        self.retry_after = retry_after


def check_client(caller: Caller | None, endpoint: str | None) -> None:
    """Before the view: the scope, then the rate limit (a refused call is not counted against the budget)."""
    if caller is None or caller.client is None:
        return
    g.api_call_started = time.perf_counter()
    scope = ENDPOINT_SCOPES.get(endpoint or "", "read")
    if not caller.may(scope):
        held = " ".join(sorted(caller.client.scopes))
        raise NotAllowed(f"接入系统“{caller.client.name}”没有 {scope} 权限（现有：{held}）")
    limits = login_limits()
    item = parse(caller.client.rate_limit)
    keys = (limits.prefix, "api-client", str(caller.client.id))
    try:
        allowed = limits.strategy.hit(item, *keys)
        reset = limits.strategy.get_window_stats(item, *keys).reset_time if not allowed else 0
    except Exception:  # noqa: BLE001 - storage down: let the department work (as sign-in does)
        return
    if not allowed:
        raise RateLimited(max(1, math.ceil(reset - time.time())), caller.client.rate_limit)


def record_call(response: Response) -> Response:
    """After the view: one api_call row for a client's call, in a transaction of its own (the view's is over)."""
    caller: Caller | None = g.get("api_user")
    if caller is None or caller.client is None:
        return response
    started = g.get("api_call_started", time.perf_counter())
    try:
        db.session.add(
            ApiCall(
                client_id=caller.client.id,
                method=request.method,
                path=request.full_path.rstrip("?")[:300],
                status=response.status_code,
                duration_ms=int((time.perf_counter() - started) * 1000),
                idempotency_key=(request.headers.get("Idempotency-Key") or None),
            )
        )
        db.session.commit()
    except Exception:  # noqa: BLE001 - the call happened; losing its log row must not turn it into an error
        db.session.rollback()
    return response
