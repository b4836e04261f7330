"""The JSON API for department systems and benchmarks: bearer-token auth, `{error_code, message}` errors."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, jsonify, request

from app.auth import authenticate, caller_from_bearer
from app.domain.actors import Caller
from app.extensions import csrf, db
from app.models import Application, ItemKind, Role, User
from app.services import api_tokens, cases, immediate
from app.services import bundles as bundle_service
from app.services.bundle_progress import item_progress
from app.services.case_access import check_readable, sight_after_step
from app.services.case_rows import case_row
from app.services.case_sight import form_seen, form_seen_by_sections
from app.services.errors import InvalidData, ServiceError
from app.services.live_items import live_items, live_version
from app.services.read_models import CaseRow, TaskRow, as_json, case_row_of
from app.services.step_forms import application_form, decides_at_window
from app.services.task_lists import case_task_rows, queue_rows, task_row, window_centre
from app.services.uploads import check_references_owned
from app.web.api_guard import check_client, needs, record_call
from app.web.api_parsing import iso_time, json_object, query_int, refuse_undeclared_queries
from app.web.idempotency import remember_answer, replay_or_reserve
from app.web.openapi import OPENAPI

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Token-authenticated only (no cookies accepted), so cross-site form posts cannot act for anyone.
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"api.openapi", "api.token", "api.items", "api.item", "api.health", "api.bundles", "api.bundle"}
PUBLIC_ENDPOINTS.add("api.item_centres")  # where an item may be booked: as public as the guide
needs("submit", "api.submit", "api.submit_bundle")
needs("decide", "api.claim", "api.complete")


class Unauthorized(ServiceError):
    status = 401
    code = "unauthorized"


@bp.before_request
def identify_caller() -> Any:
    g.api_user = caller_from_bearer(request.headers.get("Authorization", ""))
    if g.api_user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        raise Unauthorized("需要有效的访问令牌（Authorization: Bearer …）")
    check_client(g.api_user, request.endpoint)
    refuse_undeclared_queries()
    return replay_or_reserve(g.api_user)


@bp.after_request
def finish_call(response: Response) -> Response:
    return record_call(remember_answer(response))


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
    body = json_object()
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


@bp.get("/bundles")
def bundles() -> Any:
    """Bundles (一件事) open for applications, each with its guide and members."""
    return jsonify(bundles=[_bundle_json(b) for b in bundle_service.all_bundles() if b.item.live_version_id])


@bp.get("/bundles/<slug>")
def bundle(slug: str) -> Any:
    found = bundle_service.get_bundle_by_slug(slug)
    live_version(found.item.slug)  # 404 unless it is published and live
    return jsonify(_bundle_json(found, with_form=True))


@bp.post("/bundles/<slug>/applications")
def submit_bundle(slug: str) -> Any:
    """One application for every member of the bundle: the merged form's data, one tracking number."""
    return submit(bundle_service.get_bundle_by_slug(slug).item.slug)


@bp.post("/items/<slug>/applications")
def submit(slug: str) -> Any:
    _, version = live_version(slug)
    body = json_object()
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
    sight = None
    if case.applicant_id != user.id:  # the applicant's own case (the most frequent read) needs no more
        sight = check_readable(case.id, case.applicant_id, case.entered_by_id, user, "api")
        db.session.commit()  # the staff read is recorded
    body = {**as_json(CaseRow, case), "tasks": [_task_json(t) for t in case_task_rows(case.id)]}
    if sight is not None:
        body["data"] = form_seen_by_sections(case.data, case.field_sight, sight)
    if case.kind == ItemKind.BUNDLE.value:
        body["items"] = _items_progress(db.session.get(Application, case.id))
    return jsonify(body)


@bp.get("/tasks")
def my_tasks() -> Any:
    user: Caller = g.api_user
    approver_of = user.department_id if user.has_role(Role.APPROVER) else None
    limit = query_int("limit", 50, 1, 500)
    clerk = user.has_role(Role.WINDOW_CLERK)
    centre = window_centre(user) if clerk else None  # the window queue page's rule: the clerk's centre's cases
    tasks = queue_rows(window_lanes=clerk, department_id=approver_of, centre=centre, limit=limit)
    return jsonify(tasks=[_task_json(t) for t in tasks])


@bp.post("/tasks/<int:task_id>/claim")
def claim(task_id: int) -> Any:
    cases.claim_task(task_id, g.api_user)
    db.session.commit()
    return jsonify(_task_json(task_row(task_id)))


@bp.post("/tasks/<int:task_id>/complete")
def complete(task_id: int) -> Any:
    data = json_object().get("data")
    if not isinstance(data, dict):
        raise InvalidData("需要 data（对象）")
    # 即办件: the window's verdict issues the result at once, as on the page (app/services/immediate.py).
    complete = immediate.decide_at_window if decides_at_window(cases.get_task(task_id)) else cases.complete_task
    step = complete(task_id, g.api_user, data)
    db.session.commit()
    return jsonify(case_step_json(step))


def case_step_json(step: cases.CompletedStep) -> dict[str, Any]:
    """A completed step's answer: the case as it now is, with its tasks."""
    body = _case_json(step.application)
    body["data"] = form_seen(step.application, sight_after_step(step.application, step.tasks, g.api_user))
    body["tasks"] = [_task_json(t) for t in step.tasks]
    return body


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
        "created_at": iso_time(row.created_at),
        "expires_at": iso_time(row.expires_at),
        "revoked_at": iso_time(row.revoked_at),
        "state": api_tokens.token_state(row, credential_version),
    }


def _task_json(task: Any) -> dict[str, Any]:
    return as_json(TaskRow, task)  # a row of task_lists' queries or a TaskRow: the same fields


def _bundle_json(found: Any, *, with_form: bool = False) -> dict[str, Any]:
    version = found.item.live_version
    body: dict[str, Any] = {
        "slug": found.item.slug,
        "code": found.item.code,
        "name": found.item.name,
        "life_event": found.life_event,
        "all_or_nothing": found.all_or_nothing,
        "promised_days": found.item.promised_days,
        "version": version.number if version else None,
        "guide": version.guide if version else None,
        "stale_members": bundle_service.stale_members(found),
    }
    if with_form and version is not None:
        body["form_schema"] = version.form_schema
        body["sections"] = version.field_sight
    return body


def _items_progress(application: Application | None) -> list[dict[str, Any]]:
    progress = item_progress(application) if application is not None else None
    return [p.to_json() for p in progress or []]


def _case_json(application: Application) -> dict[str, Any]:
    return as_json(CaseRow, case_row_of(application))


# Endpoints in modules of their own, on this blueprint (imported last: they import `bp` from here).
from app.web import api_bookings, api_cases, api_deferrals, api_pauses, api_supplements, api_webhooks  # noqa: E402,F401
