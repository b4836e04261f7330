"""Complaints (投诉) about a case, a window or a clerk, from anyone (signed in, or with a phone number):
received → assigned (a supervisor names the department, handler and deadline) → answered (the handler) →
closed (the supervisor); the deadline is in working days and watched like a step."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select, true

from app.domain.actors import Actor
from app.domain.clock import due_date
from app.extensions import db
from app.models import Application, Centre, Complaint, Department, Role, User
from app.services.audit import record_event
from app.services.errors import InvalidData, NotAllowed, NotFound
from app.services.now import now, today
from app.services.work_calendar import load_calendar

ABOUT = {"case": "办件", "window": "窗口", "clerk": "工作人员"}
STATUS_LABELS = {"received": "待分派", "assigned": "办理中", "answered": "已答复", "closed": "已办结"}
DEFAULT_DAYS = 5
_PHONE = re.compile(r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$")


@dataclass(frozen=True)
class ComplaintInput:
    about: str
    content: str
    name: str = ""
    phone: str = ""
    tracking_number: str = ""
    window_name: str = ""
    clerk_name: str = ""
    evidence: str = ""
    centre_id: int | None = None  # the centre of the window or clerk complained about


def file_complaint(data: ComplaintInput, actor: Actor | None) -> Complaint:
    problems: dict[str, list[str]] = {}
    if data.about not in ABOUT:
        problems["about"] = ["请选择投诉对象：办件、窗口或工作人员"]
    content = data.content.strip()
    if len(content) < 5:
        problems["content"] = ["请写明投诉内容（至少 5 个字）"]
    phone = re.sub(r"\s", "", data.phone)
    if actor is None and not _PHONE.match(phone):
        problems["phone"] = ["未登录时请留下手机号或固定电话，以便回复"]
    elif phone and not _PHONE.match(phone):
        problems["phone"] = ["电话号码格式不正确"]
    application = None
    if data.about == "case":
        application = db.session.scalar(
            select(Application).where(Application.tracking_number == data.tracking_number.strip())
        )
        if application is None:
            problems["tracking_number"] = ["未找到该受理编号"]
    if data.about == "window" and not data.window_name.strip():
        problems["window_name"] = ["请填写窗口名称或编号"]
    if data.about == "clerk" and not data.clerk_name.strip():
        problems["clerk_name"] = ["请填写工作人员姓名或工号"]
    centre_id = None
    if application is not None:
        centre_id = application.centre_id or application.received_centre_id
    elif data.about in ("window", "clerk"):
        centre_id = _centre_of_window(data.centre_id, problems)
    if problems:
        raise InvalidData("请修正标出的内容", details=problems)
    complaint = Complaint(
        about=data.about,
        application_id=application.id if application else None,
        window_name=data.window_name.strip()[:100] or None,
        clerk_name=data.clerk_name.strip()[:100] or None,
        centre_id=centre_id,
        complainant_id=actor.id if actor else None,
        complainant_name=(data.name.strip() or (actor.display_name if actor else "匿名"))[:100],
        complainant_phone=phone or None,
        content=content[:4000],
        evidence=data.evidence.strip()[:4000],
        status="received",
        created_at=now(),
    )
    db.session.add(complaint)
    db.session.flush()
    record_event(
        "complaint.filed",
        actor=actor,
        application=application,
        detail={"complaint": complaint.id, "about": data.about},
        note=complaint.content,
    )
    return complaint


def _centre_of_window(asked: int | None, problems: dict[str, list[str]]) -> int | None:
    """The centre a window or clerk complaint is about: the one chosen, or the only centre there is."""
    centres = list(db.session.scalars(select(Centre.id).where(Centre.active.is_(True))))
    if asked in centres:
        return asked
    if len(centres) == 1:
        return centres[0]
    if centres:
        problems["centre"] = ["请选择窗口或工作人员所在的服务中心"]
    return None


def get_complaint(complaint_id: int) -> Complaint:
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None:
        raise NotFound("投诉不存在")
    return complaint


def assign(complaint: Complaint, actor: Actor, department_id: int | None, handler_id: int | None, days: int) -> None:
    if not actor.has_role(Role.SUPERVISOR, Role.ADMIN):
        raise NotAllowed("只有监察人员可以分派投诉")
    if complaint.status == "closed":
        raise InvalidData("投诉已办结", details={"department": ["投诉已办结"]})
    problems: dict[str, list[str]] = {}
    department = db.session.get(Department, department_id) if department_id else None
    if department is None:
        problems["department"] = ["请选择承办部门"]
    handler = db.session.get(User, handler_id) if handler_id else None
    if handler_id and (handler is None or department is None or handler.department_id != department.id):
        problems["handler"] = ["承办人须属于承办部门"]
    if not 1 <= days <= 60:
        problems["days"] = ["办理时限为 1–60 个工作日"]
    if problems:
        raise InvalidData("请修正标出的内容", details=problems)
    complaint.department_id = department.id if department else None
    complaint.handler_id = handler.id if handler else None
    complaint.deadline = due_date(today(), days, load_calendar())
    complaint.status = "assigned"
    db.session.flush()
    record_event(
        "complaint.assigned",
        actor=actor,
        application=complaint.application,
        detail={
            "complaint": complaint.id,
            "department": department.code if department else None,
            "handler": handler.username if handler else None,
            "deadline": complaint.deadline.isoformat(),
        },
    )


def answer(complaint: Complaint, actor: Actor, text: str) -> None:
    if complaint.status not in ("assigned", "answered"):
        raise InvalidData("投诉尚未分派或已办结", details={"answer": ["当前状态不能答复"]})
    allowed = actor.id == complaint.handler_id or (
        complaint.handler_id is None and actor.department_id == complaint.department_id
    )
    if not allowed:
        raise NotAllowed("只有承办人可以答复")
    text = (text or "").strip()
    if len(text) < 5:
        raise InvalidData("请填写答复", details={"answer": ["请写明调查情况和处理结果（至少 5 个字）"]})
    complaint.answer, complaint.answered_at, complaint.status = text[:4000], now(), "answered"
    if complaint.handler_id is None:
        complaint.handler_id = actor.id
    db.session.flush()
    record_event(
        "complaint.answered",
        actor=actor,
        application=complaint.application,
        detail={"complaint": complaint.id, "late": bool(complaint.deadline and today() > complaint.deadline)},
        note=complaint.answer,
    )


def close(complaint: Complaint, actor: Actor, note: str = "") -> None:
    if not actor.has_role(Role.SUPERVISOR, Role.ADMIN):
        raise NotAllowed("只有监察人员可以办结投诉")
    if complaint.status != "answered":
        raise InvalidData("答复后才能办结", details={"note": ["承办部门答复后才能办结"]})
    complaint.status, complaint.closed_at, complaint.closing_note = "closed", now(), (note or "").strip() or None
    db.session.flush()
    record_event("complaint.closed", actor=actor, application=complaint.application, detail={"complaint": complaint.id})


def supervised_centres(actor: Actor) -> list[int] | None:
    """The centres whose complaints a supervisor follows: a street centre's supervisor their centre and its
    stations (as for the cases, app/services/supervision_scope.py); None: every centre."""
    from app.services.supervision_scope import bound_centre, centre_family

    bound = bound_centre(actor)
    return None if bound is None else centre_family(bound)


def _of_centres(centres: list[int] | None) -> ColumnElement[bool]:
    return true() if centres is None else Complaint.centre_id.in_(centres or [-1])


def may_see(complaint: Complaint, actor: Actor) -> bool:
    """Supervisors see the complaints of the centres they supervise; a department's staff those assigned to it."""
    if actor.has_role(Role.SUPERVISOR, Role.ADMIN):
        centres = supervised_centres(actor)
        return centres is None or complaint.centre_id in centres
    return complaint.department_id is not None and complaint.department_id == actor.department_id


def complaints_for(actor: Actor) -> list[Complaint]:
    """Supervisors see the complaints of their centres; a department's staff the ones assigned to their
    department."""
    stmt = select(Complaint).order_by(Complaint.id.desc()).limit(500)
    if actor.has_role(Role.SUPERVISOR, Role.ADMIN):
        stmt = stmt.where(_of_centres(supervised_centres(actor)))
    else:
        stmt = stmt.where(Complaint.department_id == actor.department_id, Complaint.department_id.is_not(None))
    return list(db.session.scalars(stmt))


def complaint_statistics(centres: list[int] | None = None) -> dict[str, int]:
    """Counts by status, plus the open ones past their deadline, over the complaints of ``centres`` (None: all)."""
    counts = {status: 0 for status in STATUS_LABELS}
    by_status = select(Complaint.status, func.count()).where(_of_centres(centres)).group_by(Complaint.status)
    for status, n in db.session.execute(by_status):
        counts[status] = int(n)
    overdue = select(func.count()).where(
        _of_centres(centres), Complaint.status == "assigned", Complaint.deadline < today()
    )
    counts["overdue"] = int(db.session.scalar(overdue) or 0)
    return counts


@dataclass
class CentreComplaints:
    centre_id: int | None  # None: complaints that name no centre (filed before complaints had one)
    name: str
    received: int = 0
    open: int = 0
    overdue: int = 0


def complaints_by_centre(centres: list[int] | None = None) -> list[CentreComplaints]:
    """Per centre (district first; only ``centres`` when given): complaints received, still open, and assigned
    past their deadline. Complaints without a centre get a row of their own for the district's supervisors."""
    from sqlalchemy import case

    from app.services.centres import all_centres

    known = all_centres(active_only=False)
    rows: dict[int | None, CentreComplaints] = {c.id: CentreComplaints(c.id, c.name) for c in known}
    if centres is not None:
        rows = {k: v for k, v in rows.items() if k in centres}
    is_open = Complaint.status.in_(("received", "assigned"))
    late = (Complaint.status == "assigned") & (Complaint.deadline < today())
    stmt = (
        select(
            Complaint.centre_id,
            func.count(),
            func.sum(case((is_open, 1), else_=0)),
            func.sum(case((late, 1), else_=0)),
        )
        .where(_of_centres(centres))
        .group_by(Complaint.centre_id)
    )
    for centre_id, n, open_, overdue in db.session.execute(stmt):
        row = rows.get(centre_id)
        if row is None and centre_id is None:
            row = rows.setdefault(None, CentreComplaints(None, "未指明服务中心"))
        if row is not None:
            row.received, row.open, row.overdue = int(n), int(open_ or 0), int(overdue or 0)
    return list(rows.values())
