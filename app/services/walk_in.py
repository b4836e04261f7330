"""Walk-in applicants at the window: the clerk enters the application for a person who may have no account."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.auth import hash_password
from app.domain.prefill import Prefill
from app.extensions import db
from app.models import ItemVersion, Role, User, UserRole
from app.services.prefill import applicant_record, prefill_for

# The identity the window records for every walk-in applicant, as a generated form of its own.
WALK_IN_IDENTITY_FORM: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["walk_in"],
    "properties": {
        "walk_in": {
            "type": "object",
            "title": "申请人身份（窗口核验）",
            "required": ["name", "id_number", "mobile"],
            "properties": {
                "name": {"type": "string", "title": "申请人姓名", "minLength": 2, "maxLength": 30},
                "id_number": {"type": "string", "title": "身份证号码", "format": "cn-resident-id"},
                "mobile": {"type": "string", "title": "手机号码", "format": "cn-mobile"},
            },
        }
    },
}


@dataclass
class WalkInLookup:
    """What the window found for an ID number: the person (if any), their identity and the item form's prefill."""

    id_number: str
    citizen: User | None
    identity: dict[str, Any]
    prefill: Prefill


def look_up_applicant(id_number: str, version: ItemVersion) -> WalkInLookup:
    """The citizen with this ID number, their identity for the walk-in form and the item form filled from their
    own record; nothing of anyone else (no match: only the number typed in)."""
    id_number = id_number.strip().upper()
    citizen = db.session.scalar(select(User).where(User.id_number == id_number)) if id_number else None
    if citizen is None:
        return WalkInLookup(id_number, None, {"walk_in": {"id_number": id_number}}, Prefill())
    prefill = prefill_for(citizen, version)
    record = applicant_record(citizen)
    name = record.latest.get("person-name") or citizen.display_name
    mobile = citizen.phone or record.latest.get("cn-mobile") or ""
    identity = {"walk_in": {"name": name, "id_number": id_number, "mobile": mobile}}
    return WalkInLookup(id_number, citizen, identity, prefill)


def find_or_create_citizen(identity: dict[str, str]) -> User:
    """The citizen with this ID number, or a new account for them (they can claim it online later).

    The new account gets an unguessable password nobody knows; it exists so the case has an applicant whose
    other cases the window and the portal can find.
    """
    id_number = identity["id_number"].upper()
    citizen = db.session.scalar(select(User).where(User.id_number == id_number))
    if citizen is None:
        citizen = User(
            username=f"id-{id_number}",
            display_name=identity["name"],
            password_hash=hash_password(secrets.token_urlsafe(32)),
            id_number=id_number,
            phone=identity["mobile"],
            role_rows=[UserRole(role=Role.CITIZEN.value)],
        )
        db.session.add(citizen)
        db.session.flush()
    elif identity.get("mobile"):
        citizen.phone = identity["mobile"]
    return citizen
