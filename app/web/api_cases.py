"""The API's lifecycle endpoints beyond submit/claim/complete: every step the pages allow, each through its one
service function (app/services/one_window.py, which goes through cases.complete_task), plus search, the guide,
materials and supervision figures. Views parse, call and render; the request commits."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify, request, send_file

from app.domain.actors import Caller, Role
from app.domain.lifecycle import CaseStatus
from app.domain.one_window import OUTPUT_ISSUE, WINDOW_REVIEW
from app.extensions import db
from app.models import Department
from app.services import one_window
from app.services.case_access import check_readable, readable_file
from app.services.case_rows import case_row
from app.services.case_search import open_task_of, search_cases
from app.services.errors import Conflict, InvalidData, NotAllowed, NotFound
from app.services.live_items import live_version
from app.services.now import today
from app.services.supervision import lights_by_department
from app.services.upload_cleanup import upload_quota_problem
from app.services.uploads import open_stored, store_upload
from app.web.api import bp, case_step_json
from app.web.api_deferrals import deferral_body
from app.web.api_guard import needs
from app.web.api_parsing import iso_date, iso_time, json_object, next_cursor, page_cursor, query_int, query_text

needs("decide", "api.accept", "api.request_supplement", "api.decline", "api.issue")
needs("submit", "api.upload")

STATUSES = [status.value for status in CaseStatus]


@bp.get("/items/<slug>")
def item(slug: str) -> Any:
    """One live item: its guide (办事指南) and the form an application fills."""
    found, version = live_version(slug)
    return jsonify(
        slug=found.slug,
        code=found.code,
        name=found.name,
        kind=found.kind,
        department=found.department.code,
        promised_days=found.promised_days,
        statutory_days=found.statutory_days,
        version=version.number,
        guide=version.guide or {},
        form_schema=version.form_schema,
    )


@bp.get("/applications")
def search() -> Any:
    caller: Caller = g.api_user
    limit = query_int("limit", 50, 1, 200)
    status = query_text("status", 20)
    if status is not None and status not in STATUSES:
        raise InvalidData(f"status 只能是 {', '.join(STATUSES)}", details={"status": STATUSES})
    rows = search_cases(
        caller,
        status=status,
        item=query_text("item", 64),
        number=query_text("number", 40),
        before_id=page_cursor(),
        limit=limit,
    )
    cases = [
        {
            "tracking_number": row.tracking_number,
            "item": row.item,
            "version": row.version,
            "status": row.status,
            "outcome": row.outcome,
            "submitted_at": iso_time(row.submitted_at),
            "accepted_at": iso_time(row.accepted_at),
            "due_date": iso_date(row.due_date),
            "finished_at": iso_time(row.finished_at),
        }
        for row in rows
    ]
    return jsonify(applications=cases, next_cursor=next_cursor(rows, limit, lambda row: row.id))


def _open_step(tracking_number: str, element_id: str) -> int:
    """The case's open task of ``element_id``, for a caller who may read the case (others: 404)."""
    caller: Caller = g.api_user
    case = case_row(tracking_number)
    check_readable(case.id, case.applicant_id, case.entered_by_id, caller, "api")
    task_id = open_task_of(case.id, element_id)
    if task_id is None:
        raise Conflict(f"办件 {tracking_number} 当前没有待办的此步骤（{element_id}），状态：{case.status}")
    return task_id


def _text(body: dict[str, Any], name: str, *, required: bool) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > 2000:
        raise InvalidData(f"{name} 必须是 1 到 2000 个字符的文本", details={name: ["需要文本"]})
    return value.strip()


@bp.post("/applications/<tracking_number>/accept")
def accept(tracking_number: str) -> Any:
    body = json_object()
    deferral = deferral_body(body)  # 容缺受理: what is missing and the date it is promised by
    task_id = _open_step(tracking_number, WINDOW_REVIEW)
    step = one_window.accept(task_id, g.api_user, note=_text(body, "note", required=False), **deferral)
    db.session.commit()
    return jsonify(case_step_json(step))


@bp.post("/applications/<tracking_number>/request-supplement")
def request_supplement(tracking_number: str) -> Any:
    body = json_object()
    task_id = _open_step(tracking_number, WINDOW_REVIEW)
    step = one_window.request_supplement(task_id, g.api_user, _text(body, "reason", required=True) or "")
    db.session.commit()
    return jsonify(case_step_json(step))


@bp.post("/applications/<tracking_number>/decline")
def decline(tracking_number: str) -> Any:
    body = json_object()
    task_id = _open_step(tracking_number, WINDOW_REVIEW)
    step = one_window.decline(task_id, g.api_user, _text(body, "reason", required=True) or "")
    db.session.commit()
    return jsonify(case_step_json(step))


@bp.post("/applications/<tracking_number>/issue")
def issue(tracking_number: str) -> Any:
    body = json_object()
    delivery = body.get("delivery")
    if delivery not in ("window", "mail"):
        raise InvalidData("delivery 只能是 window（窗口领取）或 mail（邮寄）", details={"delivery": ["window", "mail"]})
    task_id = _open_step(tracking_number, OUTPUT_ISSUE)
    step = one_window.issue(task_id, g.api_user, delivery=delivery, note=_text(body, "note", required=False))
    db.session.commit()
    return jsonify(case_step_json(step))


@bp.post("/uploads")
def upload() -> Any:
    """One material (multipart ``file``), kept for the caller until a case names it (then the case's)."""
    caller: Caller = g.api_user
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        raise InvalidData("需要一个名为 file 的文件（multipart/form-data）", details={"file": ["需要文件"]})
    field = (request.form.get("field") or "").strip()
    if len(field) > 200:
        raise InvalidData("field 最多 200 个字符", details={"field": ["最多 200 个字符"]})
    upload_file.stream.seek(0, 2)
    size = upload_file.stream.tell()
    upload_file.stream.seek(0)
    if problem := upload_quota_problem(caller.id, size):
        raise InvalidData(problem, details={"file": [problem]})
    reference = store_upload(caller, field, upload_file)  # type: ignore[arg-type]
    db.session.commit()
    return jsonify(reference), 201


@bp.get("/files/<file_id>")
def download(file_id: str) -> Any:
    """A material: its owner's, or one of a case the caller may read (the staff read is recorded)."""
    if len(file_id) != 32 or not all(c in "0123456789abcdef" for c in file_id):
        raise NotFound("材料不存在")
    row, path = open_stored(file_id)
    if not readable_file(row, g.api_user):
        raise NotFound("材料不存在")
    db.session.commit()
    return send_file(path, mimetype=row.media_type, as_attachment=True, download_name=row.name)


@bp.get("/supervision")
def supervision() -> Any:
    """Open cases green / yellow / red per department (电子监察): every department for supervisors, the own
    department's for its approvers and department systems."""
    caller: Caller = g.api_user
    rows = lights_by_department(today())
    if not caller.has_role(Role.SUPERVISOR, Role.ADMIN):
        if caller.department_id is None:
            raise NotAllowed("监察数据只对监察人员和部门开放")
        own = db.session.get(Department, caller.department_id)
        rows = [row for row in rows if own is not None and row.department == own.name]
    figures = [{"department": r.department, "green": r.green, "yellow": r.yellow, "red": r.red} for r in rows]
    return jsonify(date=iso_date(today()), departments=figures)
