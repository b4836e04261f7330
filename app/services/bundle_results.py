"""Each member of a bundle case issues its own result (一件事，多个证): its own decision notice and, when approved,
its own certificate, in its own department's name, under its own guide's certificate rule.

The bundle is one application with one tracking number, but a food business licence and a hygiene permit are two
legal acts by two departments: one certificate for the whole bundle would carry neither's number, validity nor
issuer. Written in the step's transaction (case_events), like every document.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from app.documents import kinds
from app.documents.context import case_context
from app.documents.issuing import queue_document
from app.extensions import db
from app.models import Application, BundleVersion, CaseDocument, Department, HumanTask, ItemVersion
from app.services.version_guides import guide_of
from workflows.bundle_process import member_result

MEMBER = "member"  # the member's code in a member document's frozen context


def queue_member_results(application: Application, bundle_version: BundleVersion, data: dict[str, Any]) -> None:
    """Queue every member's decision notice and, for an approved member, its certificate. In an all-or-nothing
    bundle with a refused member nothing is granted: the refused members get their refusal, the others nothing."""
    results = {m["code"]: member_result(data, m["code"]) for m in bundle_version.members}
    granting = not bundle_version.all_or_nothing or all(r is True for r in results.values())
    base = case_context(application)
    for member in bundle_version.members:
        approved = results[member["code"]] is True
        if approved and not granting:
            continue
        version = db.session.get(ItemVersion, member["version_id"])
        if version is None:
            continue
        context = member_context(application.id, base, member, version)
        queue_document(application, kinds.DECISION_APPROVED if approved else kinds.DECISION_REJECTED, context=context)
        if approved:
            queue_document(application, kinds.CERTIFICATE, context=context, guide=guide_of(version))


def member_context(
    application_id: int, base: dict[str, Any], member: dict[str, Any], version: ItemVersion
) -> dict[str, Any]:
    """The case's document context as the member's own: its item, department, guide, and only its own steps'
    decisions and opinions (another member's opinion does not belong on this department's decision)."""
    guide = guide_of(version)
    department = db.session.scalar(select(Department.name).where(Department.code == member["department"]))
    own = _member_tasks(application_id, member["call"])
    titles = re.findall(r"《([^》]+)》", str(guide.get("result") or ""))
    return {
        **base,
        MEMBER: member["code"],
        "member_item_id": member["item_id"],
        "item": member["name"],
        "item_code": member["code"],
        "department": department or member["department"],
        "promised_days": member["promised_days"],
        "legal_basis": str(guide.get("legal_basis") or "有关法律法规"),
        "item_result": "、".join(titles) or f"{member['name']}证",
        "decisions": {t.element_id: t.decision or {} for t in own},
        "opinion": "；".join(str(o) for t in own if (o := (t.decision or {}).get("opinion"))),
    }


def _member_tasks(application_id: int, call: str) -> list[HumanTask]:
    return list(
        db.session.scalars(
            select(HumanTask)
            .where(
                HumanTask.application_id == application_id,
                HumanTask.state == "completed",
                HumanTask.form_file.like(f"{call}/%"),
            )
            .order_by(HumanTask.completed_at, HumanTask.id)
        )
    )


def member_documents(application_id: int) -> dict[str, list[CaseDocument]]:
    """Member code -> that member's result documents (decision, certificate), oldest first."""
    documents = db.session.scalars(
        select(CaseDocument)
        .where(
            CaseDocument.application_id == application_id,
            CaseDocument.kind.in_((kinds.CERTIFICATE, *kinds.DECISIONS)),
        )
        .order_by(CaseDocument.id)
    )
    found: dict[str, list[CaseDocument]] = {}
    for document in documents:
        code = (document.context or {}).get(MEMBER)
        if isinstance(code, str):
            found.setdefault(code, []).append(document)
    return found
