"""Walk-in applicants at the window: the clerk enters the application for a person who may have no account."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from app.auth import hash_password
from app.extensions import db
from app.models import Role, User, UserRole

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
