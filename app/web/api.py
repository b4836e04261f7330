"""The JSON API for department systems and benchmarks: bearer-token auth, `{error_code, message}` errors."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, request

from app.auth import authenticate, caller_from_bearer
from app.domain.actors import Caller
from app.extensions import csrf, db
from app.models import Application, Role, User
from app.services import api_tokens, cases
from app.services.case_access import check_readable
from app.services.case_rows import case_row
from app.services.errors import InvalidData, ServiceError
from app.services.live_items import live_items, live_version
from app.services.read_models import CaseRow, TaskRow, as_json, case_row_of
from app.services.step_forms import application_form
from app.services.task_lists import case_task_rows, queue_rows, task_row
from app.services.uploads import check_references_owned
from app.web.openapi import OPENAPI

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Token-authenticated only (no cookies accepted), so cross-site form posts cannot act for anyone.
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"api.openapi", "api.token", "api.items", "api.health"}


class Unauthorized(ServiceError):
    status = 401
    code = "unauthorized"


@bp.before_request
def identify_caller() -> None:
    g.api_user = caller_from_bearer(request.headers.get("Authorization", ""))
    if g.api_user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        raise Unauthorized("需要有效的访问令牌（Authorization: Bearer …）")


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidData("请求体必须是 JSON 对象")
    return body


@bp.get("/health")
def health() -> Any:
    """Liveness for a load balancer: the worker answers. It touches no database (an outage shows on every other
    endpoint as a 500); the lifecycle benchmark also uses it to measure the cost of an HTTP request itself."""
    return jsonify(status="ok")


@bp.get("/openapi.json")
def openapi() -> Any:
    return jsonify(OPENAPI)


@bp.post("/token")
def token() -> Any:
    """A new token for a department system; the user's other tokens keep working."""
    body = _body()
    name = api_tokens.token_name(body.get("name"))
    days = api_tokens.token_lifetime(body.get("expires_in_days"))
    user = authenticate(str(body.get("username", "")), str(body.get("password", "")), request.remote_addr)
    if user is None:
        raise Unauthorized("用户名或密码不正确")
    row, value = api_tokens.issue_token(user, name, days)
    db.session.commit()
    return jsonify(token=value, user=_user_json(user), **_token_json(row, user.credential_version))


@bp.get("/tokens")
def list_tokens() -> Any:
    user: Caller = g.api_user
    version = db.session.get(User, user.id).credential_version  # type: ignore[union-attr]
    return jsonify(tokens=[_token_json(row, version) for row in api_tokens.tokens_of(user.id)])


@bp.delete("/tokens/<int:token_id>")
def revoke_token(token_id: int) -> Any:
    user: Caller = g.api_user
    row = api_tokens.revoke_token(user.id, token_id)
    db.session.commit()
    return jsonify(_token_json(row, db.session.get(User, user.id).credential_version))  # type: ignore[union-attr]


@bp.get("/items")
def items() -> Any:
    rows = live_items()
    return jsonify(
        items=[
            {
                "slug": i.slug,
                "code": i.code,
                "name": i.name,
                "kind": i.kind,
                "department": i.department.code,
                "promised_days": i.promised_days,
                "statutory_days": i.statutory_days,
                "version": i.live_version.number if i.live_version else None,
                "form_schema": i.live_version.form_schema if i.live_version else None,
            }
            for i in rows
        ]
    )


@bp.post("/items/<slug>/applications")
def submit(slug: str) -> Any:
    _, version = live_version(slug)
    body = _body()
    data = body.get("data")
    token = str(body.get("submission_token") or "")
    if not isinstance(data, dict) or not token:
        raise InvalidData("需要 data（对象）和 submission_token（字符串）")
    errors = application_form(version).validate(data) or check_references_owned(g.api_user, data)
    if errors:
        raise InvalidData("申请数据不符合表单要求", details=errors)
    application = cases.submit_application(
        version=version, applicant=g.api_user, form_data=data, submission_token=token, channel="api"
    )
    db.session.commit()
    return jsonify(_case_json(application)), 201


@bp.get("/applications/<tracking_number>")
def get_case(tracking_number: str) -> Any:
    case = case_row(tracking_number)
    user: Caller = g.api_user
    if case.applicant_id != user.id:  # the applicant's own case (the most frequent read) needs no more
        check_readable(case.id, case.applicant_id, case.entered_by_id, user, "api")
        db.session.commit()  # the staff read is recorded
    return jsonify({**as_json(CaseRow, case), "tasks": [_task_json(t) for t in case_task_rows(case.id)]})


@bp.get("/tasks")
def my_tasks() -> Any:
    user: Caller = g.api_user
    approver_of = user.department_id if user.has_role(Role.APPROVER) else None
    limit = min(max(request.args.get("limit", 50, type=int) or 50, 1), 500)
    tasks = queue_rows(window_lanes=user.has_role(Role.WINDOW_CLERK), department_id=approver_of, limit=limit)
    return jsonify(tasks=[_task_json(t) for t in tasks])


@bp.post("/tasks/<int:task_id>/claim")
def claim(task_id: int) -> Any:
    cases.claim_task(task_id, g.api_user)
    db.session.commit()
    return jsonify(_task_json(task_row(task_id)))


@bp.post("/tasks/<int:task_id>/complete")
def complete(task_id: int) -> Any:
    data = _body().get("data")
    if not isinstance(data, dict):
        raise InvalidData("需要 data（对象）")
    step = cases.complete_task(task_id, g.api_user, data)
    db.session.commit()
    body = _case_json(step.application)
    body["tasks"] = [_task_json(t) for t in step.tasks]
    return jsonify(body)


def _user_json(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "roles": sorted(r.value for r in user.roles),
        "department": user.department.code if user.department else None,
    }


def _token_json(row: Any, credential_version: int) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "created_at": row.created_at.isoformat(),
        "expires_at": row.expires_at.isoformat(),
        "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
        "state": api_tokens.token_state(row, credential_version),
    }


def _task_json(task: Any) -> dict[str, Any]:
    return as_json(TaskRow, task)  # a row of task_lists' queries or a TaskRow: the same fields


def _case_json(application: Application) -> dict[str, Any]:
    return as_json(CaseRow, case_row_of(application))
