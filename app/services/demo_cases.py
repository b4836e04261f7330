"""A living demo hall: a few hundred cases of the demo catalogue spread over the last months, in every state and
light, so queues, search and supervision have something to show (`flask demo cases`, and `make run` on first
start).

Every case is made the way a real one is: submitted and moved step by step through cases.complete_task. Only
then is the whole case moved back in time (its rows, its steps, its clock pauses and documents, and on SQLite its
audit events, whose hash chain is written again for the new times; PostgreSQL's audit trail is append-only and
keeps the real times), and the lights and the supervision tally are recomputed from the moved dates. Nothing is
created twice: demo cases carry a ``demo-`` submission token.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select, update

from app.domain.audit_chain import GENESIS, HASHED_FIELDS, event_hash
from app.domain.lifecycle import OPEN_TASK_STATES, CaseStatus
from app.extensions import db
from app.models import (
    Application,
    AuditEvent,
    CaseDocument,
    CaseSearchTerm,
    ClockPause,
    DeferredMaterial,
    HumanTask,
    ItemKind,
    Role,
    ServiceItem,
    User,
    UserRole,
)

TOKEN_PREFIX = "demo-"
# (where the case ends, share of cases): every state of the lifecycle, finished ones the most, as in a hall.
ENDINGS = (
    ("submitted", 0.10),
    ("supplement", 0.06),
    ("in_approval", 0.20),
    ("awaiting_issue", 0.07),
    ("awaiting_refusal", 0.03),
    ("issued", 0.40),
    ("rejected", 0.07),
    ("declined", 0.07),
)
OPINIONS_YES = ("材料齐全，符合条件，同意。", "经现场核查符合要求，同意许可。", "审查通过。")
OPINIONS_NO = ("经现场核查，卫生设施不符合要求，不同意。", "申请材料与实际情况不符，不予许可。")


@dataclass(frozen=True)
class DemoReport:
    created: int
    existing: int


def demo_case_count() -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(Application).where(Application.submission_token.like(f"{TOKEN_PREFIX}%"))
        )
        or 0
    )


def create_demo_cases(count: int = 300, *, seed: int = 2026, on: date | None = None) -> DemoReport:
    """Create ``count`` demo cases unless demo cases exist already; the caller commits."""
    existing = demo_case_count()
    if existing:
        return DemoReport(0, existing)
    from app.services.now import today

    rng = random.Random(seed)
    on = on or today()
    versions = _live_versions()
    citizen = _user("citizen")
    created = 0
    for number in range(count):
        version, sample = versions[number % len(versions)]
        ending = _draw(rng)
        application = _make_case(version, sample, citizen, ending, rng, number)
        _move_back(application.id, _days_back(ending, rng), on)
        created += 1
    _recount(on)
    return DemoReport(created, 0)


def _draw(rng: random.Random) -> str:
    point, total = rng.random(), 0.0
    for ending, share in ENDINGS:
        total += share
        if point < total:
            return ending
    return ENDINGS[-1][0]


def _days_back(ending: str, rng: random.Random) -> int:
    """How long ago the case was submitted: open cases recently (some overdue, some due now), finished ones
    over the last months."""
    if ending in ("submitted", "supplement"):
        return rng.choice((0, 0, 1, 2, 5))
    if ending in ("in_approval", "awaiting_issue", "awaiting_refusal"):
        return rng.choice((0, 1, 3, 5, 7, 8, 10, 14, 21, 30))  # promised limits are 5-20 working days
    return rng.randint(3, 150)


def _live_versions() -> list[tuple[Any, dict[str, Any]]]:
    import json

    from app.cli import DEMO_CATALOG

    found = []
    for item in db.session.scalars(select(ServiceItem).where(ServiceItem.live_version_id.is_not(None))):
        sample_file = DEMO_CATALOG / item.slug / "sample.json"
        if sample_file.is_file():
            found.append((item.live_version, json.loads(sample_file.read_text(encoding="utf-8"))))
    if not found:
        raise RuntimeError("no demo item with a sample: load the demo catalogue first (flask demo seed)")
    return found


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise RuntimeError(f"demo user {username!r} missing: run flask demo seed first")
    return user


def _make_case(version: Any, sample: dict[str, Any], citizen: User, ending: str, rng: random.Random, n: int) -> Any:
    from app.services import cases

    application = cases.submit_application(
        version=version, applicant=citizen, form_data=sample, submission_token=f"{TOKEN_PREFIX}{n}"
    )
    immediate_item = version.item.kind == ItemKind.IMMEDIATE.value
    window = _chief_of(version.item.department_id) if immediate_item else _user("window")
    if ending == "submitted" or window is None:  # 即办件 with no chief representative: it waits at the window
        return application
    if ending == "declined":
        _step(application, "window_review", window, {"decision": "decline", "reason": "不属于本中心受理范围"})
        return application
    if ending == "supplement" or rng.random() < 0.15:
        _step(application, "window_review", window, {"decision": "supplement", "reason": "请补交营业执照复印件"})
        if ending == "supplement":
            return application
        _step(application, "applicant_supplement", citizen, dict(application.data))
    if immediate_item:
        return _decide_at_window(application, window, ending, rng)
    deferred = _deferral(version, rng)  # 容缺受理 for some cases of items whose guide allows it
    _step(application, "window_review", window, {"decision": "accept", **deferred})
    if ending == "in_approval":
        _work_departments(application, rng, approve=True, stop_early=True)
        return application
    approve = ending in ("awaiting_issue", "issued")
    _work_departments(application, rng, approve=approve, stop_early=False)
    if ending in ("awaiting_issue", "awaiting_refusal"):
        return application
    if deferred:
        _receive_deferred(application, citizen, window, rng)
    _settle_fee(application, window)
    mail = rng.random() < 0.3
    delivery = {"delivery": "mail"} if mail else {"delivery": "window"}
    if mail:
        delivery |= {"mail_address": "明湖区沙溪街道锦程大道301号", "courier": "ems", "waybill": f"EMS{n:010d}"}
    _step(application, "output_issue", window, delivery)
    return application


def _deferral(version: Any, rng: random.Random) -> dict[str, Any]:
    from app.domain.deferrals import deferrable_materials
    from app.services.now import today

    deferrable = deferrable_materials(version.guide)
    if not deferrable or rng.random() >= 0.4:
        return {}
    promised = today() + timedelta(days=rng.choice((3, 5, 7, 10)))
    return {"deferred_materials": deferrable[:1], "deferred_until": promised.isoformat()}


def _receive_deferred(application: Any, citizen: User, window: User, rng: random.Random) -> None:
    """The owed material came in before the result went out: on paper at the window, or uploaded and confirmed."""
    from app.services import deferrals

    for material in deferrals.materials_of(application.id):
        if rng.random() < 0.5:
            deferrals.hand_in(application, material.id, citizen, _demo_pdf(citizen, material.name))
        deferrals.confirm_receipt(application, material.id, window, None)


def _demo_pdf(owner: User, name: str) -> dict[str, Any]:
    import io

    from werkzeug.datastructures import FileStorage

    from app.services.uploads import store_upload

    content = io.BytesIO(b"%PDF-1.4\n% demo material\n%%EOF\n")
    return store_upload(owner, "deferred", FileStorage(content, filename=f"{name[:40]}.pdf"))


def _chief_of(department_id: int) -> User | None:
    """A chief representative (首席代表) of the department: who decides its immediate items at the window."""
    return db.session.scalar(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.CHIEF_REPRESENTATIVE.value, User.department_id == department_id)
        .order_by(User.id)
        .limit(1)
    )


def _decide_at_window(application: Any, chief: User, ending: str, rng: random.Random) -> Any:
    """即办件: the department's chief representative decides at the window and the result is issued at once."""
    from app.services import immediate

    if ending in ("rejected", "awaiting_refusal"):
        decision = {"decision": "refuse", "reason": rng.choice(OPINIONS_NO)}
    else:
        decision = {"decision": "approve", "result": "已当场办结登记。"}
    [task] = _ready(application.id, "window_review")
    immediate.decide_at_window(task.id, chief, decision)
    return application


def _ready(application_id: int, element_id: str | None = None) -> list[HumanTask]:
    stmt = select(HumanTask).where(HumanTask.application_id == application_id, HumanTask.state.in_(OPEN_TASK_STATES))
    if element_id:
        stmt = stmt.where(HumanTask.element_id == element_id)
    return list(db.session.scalars(stmt.order_by(HumanTask.id)))


def _step(application: Any, element_id: str, user: User, decision: dict[str, Any]) -> None:
    from app.services import cases

    [task] = _ready(application.id, element_id)[:1] or [None]
    if task is None:
        raise RuntimeError(f"demo case {application.tracking_number}: no ready {element_id}")
    cases.complete_task(task.id, user, decision, element_id=element_id)


def _decision_for(task: HumanTask, approve: bool, rng: random.Random) -> dict[str, Any]:
    from app.services.step_forms import decision_form

    properties = (decision_form(task).schema or {}).get("properties", {})
    today = date.today().isoformat()
    candidate: dict[str, Any] = {
        "approved": approve,
        "opinion": rng.choice(OPINIONS_YES if approve else OPINIONS_NO),
        "inspection_result": "pass" if approve else "fail",
        "inspection_date": today,
        "survey_date": today,
        "report_date": today,
    }
    return {name: value for name, value in candidate.items() if name in properties}


def _work_departments(application: Any, rng: random.Random, *, approve: bool, stop_early: bool) -> None:
    """Complete the departments' steps as their approvers (the last one refuses for a refusal)."""
    from app.services import cases

    for _ in range(12):  # a demo path has a handful of steps; a loop that never ends is a broken demo item
        ready = [t for t in _ready(application.id) if t.department_id is not None]
        if not ready or (stop_early and rng.random() < 0.5):
            return
        task = ready[0]
        approver = db.session.scalar(
            select(User).where(User.department_id == task.department_id, User.username == task.department.code)
        )
        if approver is None:
            return
        cases.complete_task(task.id, approver, _decision_for(task, approve, rng))


def _settle_fee(application: Any, clerk: User) -> None:
    from app.fees.service import fee_of, waive
    from app.models import FeeState

    fee = fee_of(application)
    if fee is not None and fee.state == FeeState.ASSESSED:
        waive(application, clerk, "演示数据：减免")


def _move_back(application_id: int, days: int, on: date) -> None:
    """Move a whole case ``days`` back in time, and write its audit chain again for the moved times."""
    if days == 0:
        return
    delta = timedelta(days=days)
    db.session.flush()
    shifted = {
        Application: ("submitted_at", "accepted_at", "finished_at", "due_date"),
        HumanTask: ("created_at", "claimed_at", "completed_at", "due_date"),
        ClockPause: ("started_on", "ended_on", "created_at"),
        CaseSearchTerm: ("submitted_at",),
        CaseDocument: ("created_at", "issued_at"),
        DeferredMaterial: ("promised_by", "deferred_at", "uploaded_at", "received_at"),
    }
    # PostgreSQL keeps the audit trail append-only (a trigger refuses any UPDATE), so there a demo case's events
    # keep the moment they were really written; the embedded SQLite demo moves them with the case.
    moves_audit = db.session.get_bind().dialect.name == "sqlite"
    if moves_audit:
        shifted[AuditEvent] = ("at",)
    for model, columns in shifted.items():
        table = model.__table__
        key = table.c.id if model is Application else table.c.application_id
        keys = [c for c in table.primary_key.columns]
        for row in db.session.execute(
            select(*keys, *(table.c[c] for c in columns)).where(key == application_id)
        ).mappings():
            values = {c: row[c] - delta for c in columns if row[c] is not None}
            if values:
                db.session.execute(update(table).where(*(k == row[k.name] for k in keys)).values(values))
    db.session.expire_all()
    if moves_audit:
        _rehash(application_id)


def _rehash(application_id: int) -> None:
    events = db.session.execute(
        select(AuditEvent.id, *(AuditEvent.__table__.c[name] for name in HASHED_FIELDS))
        .where(AuditEvent.application_id == application_id)
        .order_by(AuditEvent.id)
    ).mappings()
    previous = GENESIS
    for event in list(events):
        row = dict(event)
        new_hash = event_hash(previous, row)
        db.session.execute(
            update(AuditEvent).where(AuditEvent.id == row["id"]).values(prev_hash=previous, hash=new_hash)
        )
        previous = new_hash


def _recount(on: date) -> None:
    from app.services.case_tally import recount
    from app.services.clock_sweep import sweep

    db.session.flush()
    sweep(on, force=True)
    recount(db.session.connection())


def status_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(Application.status, func.count())
        .where(Application.submission_token.like(f"{TOKEN_PREFIX}%"))
        .group_by(Application.status)
    )
    return {CaseStatus(status).value: n for status, n in rows}
