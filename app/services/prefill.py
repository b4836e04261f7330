"""First values for a form from what the platform already knows of the applicant (app/domain/prefill.py rules).

Only this applicant's own account and cases are read (`Application.applicant_id`), never anyone else's; personal
data elements only from the cases they submitted themselves (app/domain/prefill.py says why).
"""

from __future__ import annotations

from sqlalchemy import select

from app.domain.prefill import ApplicantRecord, Prefill, applicant_values, prefill_form
from app.extensions import db
from app.models import Application, DataElement, ItemVersion, User

RECENT_CASES = 20  # the applicant's newest cases looked at; older values are stale anyway
# Account fields that hold an element's value (checked at the window or at sign-up, so they win over old forms).
ACCOUNT_ELEMENTS = {"cn-resident-id": "id_number", "cn-mobile": "phone"}


def applicant_record(applicant: User) -> ApplicantRecord:
    """The applicant's profile (account + what they submitted before) and latest value per element."""
    rows = db.session.execute(
        select(Application.item_version_id, Application.data, Application.entered_by_id)
        .where(Application.applicant_id == applicant.id)
        .order_by(Application.submitted_at.desc(), Application.id.desc())
        .limit(RECENT_CASES)
    ).all()
    schemas = dict(
        db.session.execute(
            select(ItemVersion.id, ItemVersion.form_schema).where(ItemVersion.id.in_({r[0] for r in rows}))
        ).all()
        if rows
        else []
    )
    personal = set(db.session.scalars(select(DataElement.key).where(DataElement.personal.is_(True))))
    cases = [
        (schemas.get(version_id), data or {}, entered_by in (None, applicant.id))
        for version_id, data, entered_by in rows
    ]
    latest = applicant_values(cases, personal)
    profile = {key: getattr(applicant, attr) for key, attr in ACCOUNT_ELEMENTS.items() if getattr(applicant, attr)}
    return ApplicantRecord(profile=profile, latest=latest)


def element_sources() -> dict[str, str]:
    return {key: source for key, source in db.session.execute(select(DataElement.key, DataElement.prefill))}


def prefill_for(applicant: User, version: ItemVersion) -> Prefill:
    """The first values of `version`'s form for `applicant`, and which fields they fill."""
    return prefill_form(version.form_schema, version.form_ui, element_sources(), applicant_record(applicant))
