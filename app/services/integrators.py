"""Integrator clients (部门业务系统): a named department system with its own account, scopes, rate limit and tokens.

The client acts through an account of its own, an approver of its department without a usable password, so the
case services need nothing new: the one door (cases.complete_task) checks it like a person of that department,
the audit trail names it ("卫健审批系统（接口）"), and need-to-know limits what it reads. Its tokens carry
``client_id``; switching the client off stops them at once (the token query joins the client).
"""

from __future__ import annotations

import re
import secrets

from limits import parse
from sqlalchemy import select

from app.extensions import db
from app.models import ApiToken, Department, IntegratorClient, Role, User, UserRole
from app.models.integrators import SCOPES
from app.services import api_tokens
from app.services.errors import InvalidData, NotFound

DEFAULT_RATE_LIMIT = "120/minute"


def scopes_from(value: object) -> str:
    """Scopes as stored (space-separated, in SCOPES order), from a list or a space/comma-separated text."""
    words = value.replace(",", " ").split() if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
    unknown = sorted(set(map(str, words)) - set(SCOPES))
    if unknown or not words:
        problem = f"权限范围只能是 {', '.join(SCOPES)} 中的一个或几个（不认识：{', '.join(unknown) or '空'}）"
        raise InvalidData(problem, details={"scopes": [problem]})
    return " ".join(scope for scope in SCOPES if scope in words)


def rate_limit_from(value: object) -> str:
    """A rate limit in the `limits` notation (``120/minute``, ``10 per second``), checked by parsing it."""
    text = str(value or DEFAULT_RATE_LIMIT).strip()
    try:
        parse(text)
    except ValueError:
        problem = f"调用频率“{text}”无法识别，例如 120/minute 或 10 per second"
        raise InvalidData(problem, details={"rate_limit": [problem]}) from None
    return text


def create_client(name: str, department_code: str, scopes: object, rate_limit: object = None) -> IntegratorClient:
    """A new client of ``department_code`` with its own account; flushes, the caller commits."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidData("名称必须是 1 到 100 个字符", details={"name": ["1–100"]})
    if db.session.scalar(select(IntegratorClient.id).where(IntegratorClient.name == name)) is not None:
        raise InvalidData(f"已有名为“{name}”的接入系统", details={"name": ["重名"]})
    department = db.session.scalar(select(Department).where(Department.code == department_code))
    if department is None:
        raise InvalidData(f"没有代码为 {department_code} 的部门", details={"department": ["不存在"]})
    account = User(
        username=_free_username(department.code),
        display_name=f"{name}（接口）",
        password_hash="!",  # no password matches: the client signs in with its tokens only
        department=department,
        role_rows=[UserRole(role=Role.APPROVER.value)],
    )
    client = IntegratorClient(
        name=name,
        department=department,
        user=account,
        scopes=scopes_from(scopes),
        rate_limit=rate_limit_from(rate_limit),
    )
    db.session.add_all([account, client])
    db.session.flush()
    return client


def _free_username(department_code: str) -> str:
    base = f"api-{re.sub(r'[^a-z0-9]', '', department_code.lower()) or 'dept'}"
    for _ in range(100):
        candidate = f"{base}-{secrets.token_hex(3)}"
        if db.session.scalar(select(User.id).where(User.username == candidate)) is None:
            return candidate
    raise RuntimeError("no free username for an integrator account")


def issue_client_token(
    client: IntegratorClient, name: str, days: int = api_tokens.DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """A token of the client (shown once); several may live side by side, each revocable."""
    row, value = api_tokens.issue_token(client.user, name, days)
    row.client_id = client.id
    db.session.flush()
    return row, value


def get_client(client_id: int) -> IntegratorClient:
    client = db.session.get(IntegratorClient, client_id) if 0 < client_id < 2**31 else None
    if client is None:
        raise NotFound("未找到该接入系统")
    return client


def clients_of_department(department_id: int) -> list[IntegratorClient]:
    return list(
        db.session.scalars(
            select(IntegratorClient)
            .where(IntegratorClient.department_id == department_id, IntegratorClient.active.is_(True))
            .order_by(IntegratorClient.id)
        )
    )
