"""容缺受理 on a case: the deferral the window records at acceptance, the applicant's later hand-in, the window's
confirmation of receipt, and the owed and overdue lists the queue and supervision show.

The deferral itself is part of the window's accept step and goes through its one door
(:func:`app.services.cases.complete_task` calls :func:`deferral_in` before the engine runs and
:func:`record_deferral` after); a hand-in and a confirmation are steps of their own, here. Every change writes the
audit; the request commits. The rules are app/domain/deferrals.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import select

from app.domain.actors import Actor, Role
from app.domain.deferrals import (
    DEFERRED_MATERIALS,
    DEFERRED_UNTIL,
    MAX_NAME_LENGTH,
    DeferralState,
    deferral_problems,
    is_overdue,
    parse_promise,
    state_of,
)
from app.domain.lifecycle import CaseStatus
from app.domain.one_window import ACCEPT, WINDOW_REVIEW
from app.extensions import db
from app.models import Application, DeferredMaterial, HumanTask, StoredFile
from app.models.base import utcnow
from app.services.audit import record_event
from app.services.case_files import link_case_files
from app.services.errors import Conflict, InvalidData, NotAllowed, NotFound
from app.services.now import today
from forms.files import accepts, human_size, type_names


class Deferral(NamedTuple):
    """What the window defers at acceptance: the materials (as the guide names them) and the promised date."""

    materials: list[str]
    promised_by: date


def deferral_in(task: HumanTask, decision: dict[str, Any]) -> Deferral | None:
    """The deferral ``decision`` asks for at the window's accept step, checked against the case's guide; None when
    it asks for none. Raises InvalidData (messages by field, naming the material) before anything is written."""
    names = decision.get(DEFERRED_MATERIALS)
    promised = decision.get(DEFERRED_UNTIL)
    if not names and promised in (None, ""):
        return None
    if task.element_id != WINDOW_REVIEW:
        raise InvalidData("只有窗口受理时才能容缺受理", details={DEFERRED_MATERIALS: ["只有窗口受理时才能容缺受理"]})
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise InvalidData("请勾选暂缺的容缺材料", details={DEFERRED_MATERIALS: ["请勾选暂缺的容缺材料"]})
    if decision.get("decision") != ACCEPT:
        message = "容缺受理须选择“受理”；补正或不予受理时不能同时容缺"
        raise InvalidData(message, details={DEFERRED_MATERIALS: [message]})
    names = [n.strip()[: MAX_NAME_LENGTH + 1] for n in names]
    promised_by = parse_promise(promised)
    guide = task.application.item_version.guide
    problems = deferral_problems(guide, names, promised_by, today())
    if promised not in (None, "") and promised_by is None:
        problems[DEFERRED_UNTIL] = ["承诺补齐日期须为 年-月-日（如 2026-12-31）"]
    if problems:
        raise InvalidData("；".join(m for messages in problems.values() for m in messages), details=problems)
    assert promised_by is not None
    return Deferral(list(dict.fromkeys(names)), promised_by)


def record_deferral(application: Application, clerk: Actor, deferral: Deferral) -> list[DeferredMaterial]:
    """The owed materials of a case the window has just accepted with ``deferral`` (its audit event is the
    acceptance's own, whose decision names them)."""
    rows = [
        DeferredMaterial(
            application_id=application.id, name=name, promised_by=deferral.promised_by, deferred_by_id=clerk.id
        )
        for name in deferral.materials
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def materials_of(application_id: int) -> list[DeferredMaterial]:
    """The case's deferred materials in the order the window deferred them."""
    stmt = select(DeferredMaterial).where(DeferredMaterial.application_id == application_id)
    return list(db.session.scalars(stmt.order_by(DeferredMaterial.id)))


def state(material: DeferredMaterial) -> DeferralState:
    return state_of(material.file_id is not None, material.received_at is not None)


def overdue(material: DeferredMaterial, on: date | None = None) -> bool:
    return is_overdue(material.promised_by, on or today(), received=material.received_at is not None)


def owed_refusal(application: Application) -> str | None:
    """Why the result may not be handed out yet (None: it may): an approved result waits until every deferred
    material is in (容缺材料补齐后出件); a refusal does not wait for materials of a licence that will not come."""
    owed = [m for m in materials_of(application.id) if m.received_at is None]
    if not owed:
        return None
    from app.services.output_window import verdict_of

    if verdict_of(application).approved is False:
        return None
    names = "、".join(f"“{m.name}”（承诺 {m.promised_by.isoformat()} 前）" for m in owed)
    return f"容缺材料尚未补齐：{names}。窗口确认收到后方可出件"


def _material(application: Application, material_id: int) -> DeferredMaterial:
    material = db.session.get(DeferredMaterial, material_id)
    if material is None or material.application_id != application.id:
        raise NotFound("该容缺材料不存在")
    return material


def _check_open(application: Application, material: DeferredMaterial) -> None:
    if material.received_at is not None:
        raise Conflict(f"“{material.name}”窗口已确认收到，无需再补交")
    if application.status in (CaseStatus.DECLINED.value, CaseStatus.ISSUED.value, CaseStatus.REJECTED.value):
        raise Conflict("此办件已结束，不能再补交材料")


class UploadRules(NamedTuple):
    accept: tuple[str, ...]
    max_bytes: int


DEFAULT_RULES = UploadRules(("application/pdf", "image/jpeg", "image/png"), 10 * 1024 * 1024)


def upload_rules(application: Application, name: str) -> UploadRules:
    """The rules an owed material's file meets: those of the form's upload field the guide links the material to
    (its types and size limit), else PDF or a picture up to 10 MB."""
    from app.services.step_forms import application_form

    version = application.item_version
    linked = next(
        (
            m.get("upload_field")
            for m in (version.guide or {}).get("materials") or []
            if isinstance(m, dict) and m.get("name") == name
        ),
        None,
    )
    field = application_form(version).file_field(linked) if isinstance(linked, str) and linked else None
    if field is None:
        return DEFAULT_RULES
    return UploadRules(field.accept or DEFAULT_RULES.accept, field.max_bytes or DEFAULT_RULES.max_bytes)


def upload_problem(rules: UploadRules, name: str, media_type: str, size: int) -> str | None:
    """Why a file cannot stand for the material ``name`` (None: it can), in the words the form uses."""
    if size == 0:
        return f"“{name}”的文件是空的"
    if size > rules.max_bytes:
        return f"“{name}”的文件不能超过 {human_size(rules.max_bytes)}"
    if not accepts(rules.accept, media_type):
        return f"“{name}”只接受 {type_names(rules.accept)} 文件"
    return None


def hand_in(application: Application, material_id: int, applicant: Actor, reference: dict[str, Any]) -> None:
    """The applicant hands in an owed material online (``reference``: a file they uploaded, held to the rules of
    the form's upload field for it); it stays owed until the window confirms receipt. A second hand-in replaces
    the first."""
    if application.applicant_id != applicant.id:
        raise NotFound("该容缺材料不存在")
    material = _material(application, material_id)
    _check_open(application, material)
    file_id = reference.get("file_id") if isinstance(reference, dict) else None
    stored = db.session.get(StoredFile, file_id) if isinstance(file_id, str) else None
    if stored is None or stored.owner_id != applicant.id:
        raise InvalidData("材料引用无效：请先上传文件", details={"file": ["材料引用无效：请先上传文件"]})
    problem = upload_problem(upload_rules(application, material.name), material.name, stored.media_type, stored.size)
    if problem is not None:
        raise InvalidData(problem, details={"file": [problem]})
    material.file_id = stored.id
    material.uploaded_at = utcnow()
    material.uploaded_by_id = applicant.id
    link_case_files(application.id, {"file_id": stored.id, "name": stored.name, "size": stored.size})
    record_event(
        "deferred_material.uploaded",
        actor=applicant,
        application=application,
        detail={"material": material.name, "file": {"file_id": stored.id, "name": stored.name, "size": stored.size}},
    )
    db.session.flush()


def confirm_receipt(application: Application, material_id: int, clerk: Actor, clerk_centre_id: int | None) -> None:
    """The window confirms it has the material (uploaded online or handed in on paper): it is no longer owed."""
    if not clerk.has_role(Role.WINDOW_CLERK):
        raise NotAllowed("只有综合窗口工作人员可以确认收到容缺材料")
    if clerk_centre_id is not None and application.centre_id not in (None, clerk_centre_id):
        raise NotAllowed(
            f"此办件由{application.centre.name if application.centre else '其他中心'}受理，请在该中心窗口确认"
        )
    material = _material(application, material_id)
    if material.received_at is not None:
        raise Conflict(f"“{material.name}”已于 {material.received_at:%Y-%m-%d} 确认收到")
    material.received_at = utcnow()
    material.received_by_id = clerk.id
    record_event(
        "deferred_material.received",
        actor=clerk,
        application=application,
        detail={
            "material": material.name,
            "promised_by": material.promised_by.isoformat(),
            "online": bool(material.file_id),
        },
    )
    db.session.flush()


def cases_with_overdue(application_ids: Iterable[int], on: date | None = None) -> set[int]:
    """Which of these cases owe a material past its promised date (a marker on a queue's rows)."""
    return cases_owing(application_ids, overdue_on=on or today())


def cases_owing(application_ids: Iterable[int], *, overdue_on: date | None = None) -> set[int]:
    """Which of these cases still owe a deferred material (``overdue_on``: past its promised date on that day)."""
    ids = list(set(application_ids))
    if not ids:
        return set()
    stmt = select(DeferredMaterial.application_id).where(
        DeferredMaterial.application_id.in_(ids), DeferredMaterial.received_at.is_(None)
    )
    if overdue_on is not None:
        stmt = stmt.where(DeferredMaterial.promised_by < overdue_on)
    return set(db.session.scalars(stmt))


class OwedRow(NamedTuple):
    """One owed material of a case, as the window's list and supervision show it."""

    material_id: int
    tracking_number: str
    item: str
    applicant: str
    name: str
    promised_by: date
    uploaded: bool
    overdue: bool
    overdue_days: int


def owed_rows(*where: Any, overdue_only: bool = False, limit: int = 200) -> list[OwedRow]:
    """Materials still owed (not confirmed), earliest promise first, of the cases ``where`` selects (a centre's,
    a supervisor's scope)."""
    from app.models import ItemVersion, ServiceItem, User

    on = today()
    stmt = (
        select(
            DeferredMaterial.id,
            Application.tracking_number,
            ServiceItem.name,
            User.display_name,
            DeferredMaterial.name,
            DeferredMaterial.promised_by,
            DeferredMaterial.file_id,
        )
        .join(Application, Application.id == DeferredMaterial.application_id)
        .join(ItemVersion, ItemVersion.id == Application.item_version_id)
        .join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
        .join(User, User.id == Application.applicant_id)
        .where(DeferredMaterial.received_at.is_(None), *where)
        .order_by(DeferredMaterial.promised_by, DeferredMaterial.id)
        .limit(limit)
    )
    if overdue_only:
        stmt = stmt.where(DeferredMaterial.promised_by < on)
    return [
        OwedRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6] is not None, row[5] < on, (on - row[5]).days)
        for row in db.session.execute(stmt)
    ]


def overdue_count(*where: Any) -> int:
    """How many cases owe a material past its promised date, of those ``where`` selects."""
    from sqlalchemy import func

    stmt = (
        select(func.count(func.distinct(DeferredMaterial.application_id)))
        .join(Application, Application.id == DeferredMaterial.application_id)
        .where(DeferredMaterial.received_at.is_(None), DeferredMaterial.promised_by < today(), *where)
    )
    return int(db.session.scalar(stmt) or 0)


def at_window(clerk: Actor) -> tuple[Any, ...]:
    """The condition that keeps the owed list to the cases of ``clerk``'s centre (as the window's queue is kept)."""
    from sqlalchemy import or_

    from app.services.task_lists import window_centre

    found = window_centre(clerk)
    if found is None:
        return ()
    centre_id, with_unplaced = found
    mine = Application.centre_id == centre_id
    return (or_(mine, Application.centre_id.is_(None)) if with_unplaced else mine,)
