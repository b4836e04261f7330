"""What the output window (出件窗口) needs to hand a result out: the verdict, each department's decision and
opinion, the certificate or the refusal notice, and where a mailed result goes. Read-only: the step itself is
completed through cases.complete_task like every other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app.documents import kinds
from app.domain.lifecycle import APPLICANT_LANE, OUTPUT_LANE, WINDOW_LANE, TaskState
from app.domain.placeholders import lookup
from app.extensions import db
from app.models import Application, CaseDocument, HumanTask

PLATFORM_LANES = (WINDOW_LANE, APPLICANT_LANE, OUTPUT_LANE)
# Where an application form keeps an address to post the result to, most specific first.
ADDRESS_PATHS = (
    "mail_address",
    "business.address",
    "company.address",
    "applicant.address",
    "applicant.hukou_address",
    "address",
)


@dataclass(frozen=True)
class DepartmentDecision:
    department: str
    step: str
    approved: bool | None  # None: a step whose form asks no yes/no
    opinion: str
    by: str
    at: datetime | None


@dataclass(frozen=True)
class Verdict:
    approved: bool | None  # None while no department has decided
    decisions: list[DepartmentDecision]
    certificate: CaseDocument | None
    decision_notice: CaseDocument | None

    @property
    def certificate_number(self) -> str | None:
        return self.certificate.number if self.certificate else None

    @property
    def valid_until(self) -> date | None:
        return self.certificate.valid_until if self.certificate else None


def department_decisions(application_id: int) -> list[DepartmentDecision]:
    tasks = db.session.scalars(
        select(HumanTask)
        .where(
            HumanTask.application_id == application_id,
            HumanTask.state == TaskState.COMPLETED.value,
            HumanTask.lane.not_in(PLATFORM_LANES),
        )
        .order_by(HumanTask.completed_at, HumanTask.id)
    )
    found = []
    for task in tasks:
        decision = task.decision or {}
        approved = decision.get("approved")
        found.append(
            DepartmentDecision(
                department=task.department.name if task.department else "",
                step=task.name,
                approved=approved if isinstance(approved, bool) else None,
                opinion=str(decision.get("opinion") or decision.get("reason") or decision.get("note") or ""),
                by=task.completed_by.display_name if task.completed_by else "",
                at=task.completed_at,
            )
        )
    return found


def verdict_of(application: Application) -> Verdict:
    """The case's verdict as the decision documents record it (queued when the departments finished)."""
    documents = list(
        db.session.scalars(
            select(CaseDocument)
            .where(
                CaseDocument.application_id == application.id,
                CaseDocument.kind.in_((kinds.CERTIFICATE, kinds.DECISION_APPROVED, kinds.DECISION_REJECTED)),
            )
            .order_by(CaseDocument.id)
        )
    )
    latest = {document.kind: document for document in documents}
    decisions = department_decisions(application.id)
    if kinds.DECISION_REJECTED in latest and kinds.DECISION_APPROVED not in latest:
        approved: bool | None = False
    elif kinds.DECISION_APPROVED in latest:
        approved = True
    elif decisions and all(d.approved is not None for d in decisions):
        approved = all(d.approved for d in decisions)
    else:
        approved = None
    notice = latest.get(kinds.DECISION_APPROVED if approved else kinds.DECISION_REJECTED)
    return Verdict(approved, decisions, latest.get(kinds.CERTIFICATE) if approved else None, notice)


def mailing_address(application: Application) -> str:
    """The address the application gives, to prefill 邮寄送达 (the clerk may change it)."""
    for path in ADDRESS_PATHS:
        value = lookup(application.data or {}, path)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def delivery_of(application_id: int) -> dict[str, Any] | None:
    """How the result went out (the output step's decision), for the applicant's page; None before 出件."""
    decision = db.session.scalar(
        select(HumanTask.decision).where(
            HumanTask.application_id == application_id,
            HumanTask.element_id == "output_issue",
            HumanTask.state == TaskState.COMPLETED.value,
        )
    )
    return decision if isinstance(decision, dict) else None


def courier_label(value: str | None) -> str:
    """A courier's name as the output form offers it (the form is the one list of couriers)."""
    from workflows.platform import platform_form

    schema, _ = platform_form("output_issue.schema.json")
    options = ((schema.get("then") or {}).get("properties") or {}).get("courier", {}).get("oneOf", [])
    return next((str(o.get("title")) for o in options if o.get("const") == value), value or "")
