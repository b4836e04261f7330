"""Driving a case: cases of the demo catalogue moved step by step through the services, and
the tally as stored next to the tally counted from the cases."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from tests.factories import demo_item, new_token

WINDOW_ACCEPT = {"decision": "accept"}
WINDOW_DECLINE = {"decision": "decline", "reason": "不属于本中心受理范围"}
WINDOW_SUPPLEMENT = {"decision": "supplement", "reason": "请补交营业执照复印件"}
WSJK_REVIEW = {"approved": True, "opinion": "材料齐全"}
WSJK_DECIDE = {"approved": True, "opinion": "准予许可"}
ISSUE = {"delivery": "window"}
MAIL = {"delivery": "mail", "mail_address": "明湖区沙溪街道锦程大道301号", "courier": "ems", "waybill": "EM123456789CN"}


def stored_tally() -> dict[tuple[int, date], int]:
    """The tally's rows that count something, as {(department id, due date): open cases}."""
    from app.extensions import db
    from app.models import OpenCaseTally

    rows = db.session.execute(select(OpenCaseTally.department_id, OpenCaseTally.due_date, OpenCaseTally.open_cases))
    return {(department_id, due): n for department_id, due, n in rows if n != 0}


def counted_tally() -> dict[tuple[int, date], int]:
    """What the tally must hold, counted from the application table."""
    from app.extensions import db
    from app.services.case_tally import counted_open_cases

    return {(department_id, due): int(n) for department_id, due, n in db.session.execute(counted_open_cases())}


def department_id(code: str) -> int:
    from app.extensions import db
    from app.models import Department

    return db.session.scalar(select(Department.id).where(Department.code == code))


def user(username: str) -> Any:
    from app.extensions import db
    from app.models import User

    return db.session.scalar(select(User).where(User.username == username))


def live_version(kind: str) -> tuple[Any, dict[str, Any]]:
    """The live version of the first demo item of a kind, and the item's sample submission."""
    from app.extensions import db
    from app.models import ItemVersion, ServiceItem

    slug, sample = demo_item(kind)
    item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == slug))
    return db.session.get(ItemVersion, item.live_version_id), sample


def submit(kind: str = "promised") -> int:
    """Submit the first demo item of a kind as the demo citizen and commit; the case id."""
    from app.extensions import db
    from app.services import cases

    version, sample = live_version(kind)
    application = cases.submit_application(
        version=version, applicant=user("citizen"), form_data=sample, submission_token=new_token()
    )
    db.session.commit()
    return application.id


def ready_task(application_id: int, element_id: str) -> int:
    from app.extensions import db
    from app.models import HumanTask

    return db.session.scalar(
        select(HumanTask.id).where(
            HumanTask.application_id == application_id,
            HumanTask.element_id == element_id,
            HumanTask.state.in_(("ready", "claimed")),
        )
    )


def step(application_id: int, element_id: str, username: str, decision: dict[str, Any]) -> None:
    """Complete the case's ready task `element_id` as `username` and commit."""
    from app.extensions import db
    from app.services import cases

    cases.complete_task(ready_task(application_id, element_id), user(username), decision, element_id=element_id)
    db.session.commit()


# 即办件: the window's acceptance step is the decision, taken by the item department's chief representative.
IMMEDIATE_APPROVE = {"decision": "approve", "result": "已当场办结参保登记"}
IMMEDIATE_REFUSE = {"decision": "refuse", "reason": "已参加职工基本养老保险，不能重复参保"}


def grant_chief_representative(*usernames: str, department: str = "rsj") -> None:
    """Make window clerks chief representatives (首席代表) of a department, so they may decide its immediate
    items at the window; commits."""
    from app.extensions import db
    from app.models import Department, Role, UserRole

    for username in usernames:
        clerk = user(username)
        clerk.department = db.session.scalar(select(Department).where(Department.code == department))
        if Role.CHIEF_REPRESENTATIVE not in clerk.roles:
            clerk.role_rows.append(UserRole(role=Role.CHIEF_REPRESENTATIVE.value))
    db.session.commit()
