"""容缺受理 in the API: the owed materials of a case, the applicant's hand-in of one (a file uploaded through
/uploads first) and the window's confirmation of receipt. Acceptance with deferred materials is the accept
endpoint's (app/web/api_cases.py), through the accept step's one door. Views parse, call and render."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify

from app.domain.actors import Caller
from app.domain.deferrals import MAX_DEFERRED, MAX_NAME_LENGTH
from app.extensions import db
from app.models import Application, DeferredMaterial
from app.services import deferrals
from app.services.case_access import check_readable
from app.services.case_rows import case_row
from app.services.errors import InvalidData, NotFound
from app.services.task_lists import clerk_centre_id
from app.web.api import bp
from app.web.api_guard import needs
from app.web.api_parsing import iso_date, iso_time, json_object

needs("submit", "api.hand_in_deferred")
needs("decide", "api.receive_deferred")


def deferral_body(body: dict[str, Any]) -> dict[str, Any]:
    """The accept call's 容缺 part (``deferred_materials`` and ``deferred_until``), checked for shape; the rules
    (only what the guide marks deferrable, the date) are the accept step's."""
    names, until = body.get("deferred_materials"), body.get("deferred_until")
    if names is None and until is None:
        return {}
    if (
        not isinstance(names, list)
        or not 1 <= len(names) <= MAX_DEFERRED
        or not all(isinstance(n, str) and n.strip() and len(n) <= MAX_NAME_LENGTH for n in names)
    ):
        problem = f"deferred_materials 须为 1 到 {MAX_DEFERRED} 个材料名称（办事指南中的名称）"
        raise InvalidData(problem, details={"deferred_materials": [problem]})
    if not isinstance(until, str):
        raise InvalidData("deferred_until 须为日期（YYYY-MM-DD）", details={"deferred_until": ["需要日期"]})
    return {"deferred_materials": names, "deferred_until": until}


def _readable_case(tracking_number: str) -> Application:
    caller: Caller = g.api_user
    case = case_row(tracking_number)
    if case.applicant_id != caller.id:
        check_readable(case.id, case.applicant_id, case.entered_by_id, caller, "api")
    application = db.session.get(Application, case.id)
    if application is None:
        raise NotFound("未找到该受理编号")
    return application


def material_json(material: DeferredMaterial) -> dict[str, Any]:
    stored = material.file
    return {
        "id": material.id,
        "name": material.name,
        "promised_by": iso_date(material.promised_by),
        "state": deferrals.state(material).value,
        "overdue": deferrals.overdue(material),
        "file": {"file_id": stored.id, "name": stored.name, "size": stored.size, "media_type": stored.media_type}
        if stored is not None
        else None,
        "uploaded_at": iso_time(material.uploaded_at),
        "received_at": iso_time(material.received_at),
    }


def _one(application: Application, material_id: int) -> dict[str, Any]:
    material = db.session.get(DeferredMaterial, material_id)
    if material is None or material.application_id != application.id:
        raise NotFound("该容缺材料不存在")
    return material_json(material)


@bp.get("/applications/<tracking_number>/deferred-materials")
def deferred_materials(tracking_number: str) -> Any:
    """What the case owes after 容缺受理, and what came in."""
    application = _readable_case(tracking_number)
    rows = [material_json(m) for m in deferrals.materials_of(application.id)]
    db.session.commit()  # a staff read is recorded
    return jsonify(deferred_materials=rows)


@bp.post("/applications/<tracking_number>/deferred-materials/<int:material_id>/hand-in")
def hand_in_deferred(tracking_number: str, material_id: int) -> Any:
    """The applicant hands in an owed material: a file they uploaded (/uploads), held to the form's upload rules."""
    reference = json_object().get("file")
    if not isinstance(reference, dict) or not isinstance(reference.get("file_id"), str):
        raise InvalidData("需要 file：/uploads 返回的文件引用", details={"file": ["需要文件引用"]})
    application = _readable_case(tracking_number)
    deferrals.hand_in(application, material_id, g.api_user, reference)
    answer = _one(application, material_id)
    db.session.commit()
    return jsonify(answer)


@bp.post("/applications/<tracking_number>/deferred-materials/<int:material_id>/receive")
def receive_deferred(tracking_number: str, material_id: int) -> Any:
    """The window confirms it has the material: it is no longer owed."""
    application = _readable_case(tracking_number)
    caller: Caller = g.api_user
    deferrals.confirm_receipt(application, material_id, caller, clerk_centre_id(caller))
    answer = _one(application, material_id)
    db.session.commit()
    return jsonify(answer)
