"""Ratings (好差评): the applicant rates a finished case 1–5 (online, at the window's device, from the
invitation); a rating of 1–2 opens a follow-up the case's department answers within FOLLOW_UP_DAYS working days,
supervised like a step; the applicant reads the answer and says whether it settled the matter."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from app.domain.actors import Actor
from app.domain.clock import due_date
from app.extensions import db
from app.models import Application, Rating, Role
from app.services.audit import record_event
from app.services.errors import InvalidData, NotAllowed, NotFound
from app.services.now import now, today
from app.services.work_calendar import load_calendar

FOLLOW_UP_DAYS = 5
BAD = 2  # a score at or below this opens a follow-up
CHANNELS = ("online", "window", "device", "invitation")
TAGS = ("办事便捷", "态度热情", "一次办好", "等候时间长", "材料要求多", "态度不好", "多次跑腿", "结果不满意")


def rating_of(application_id: int) -> Rating | None:
    return db.session.scalar(select(Rating).where(Rating.application_id == application_id))


def rate_case(
    application: Application,
    *,
    score: int | None,
    comment: str = "",
    tags: Sequence[str] = (),
    channel: str = "online",
    actor: Actor | None = None,
) -> Rating:
    """Record the one rating of a finished case; the applicant rates online, a window clerk (or their device)
    records it in the hall."""
    if application.finished_at is None:
        raise InvalidData("办结后才能评价", details={"score": ["办件尚未办结"]})
    if channel not in CHANNELS:
        raise InvalidData("评价渠道无效", details={"channel": [f"应为 {', '.join(CHANNELS)} 之一"]})
    if actor is not None and actor.id != application.applicant_id and not actor.has_role(Role.WINDOW_CLERK):
        raise NotAllowed("只有申请人本人或窗口可以评价")
    if score is None or not 1 <= score <= 5:
        raise InvalidData("请选择 1–5 分", details={"score": ["请选择 1–5 分（1 分为非常不满意）"]})
    if rating_of(application.id) is not None:
        raise InvalidData("该办件已评价", details={"score": ["每个办件只能评价一次"]})
    unknown = [t for t in tags if t not in TAGS]
    if unknown:
        raise InvalidData("评价标签无效", details={"tags": [f"未知标签：{'、'.join(unknown)}"]})
    rating = Rating(
        application_id=application.id,
        score=score,
        comment=(comment or "").strip()[:1000],
        tags=list(dict.fromkeys(tags)),
        channel=channel,
        rated_by_id=actor.id if actor else None,
        created_at=now(),
    )
    if score <= BAD:
        rating.follow_up_department_id = application.item_version.item.department_id
        rating.follow_up_due = due_date(today(), FOLLOW_UP_DAYS, load_calendar())
    db.session.add(rating)
    db.session.flush()
    record_event(
        "rating.given",
        actor=actor,
        application=application,
        detail={"score": score, "tags": rating.tags, "channel": channel, "follow_up_due": _iso(rating.follow_up_due)},
        note=rating.comment or None,
    )
    return rating


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def open_follow_ups(department_id: int | None = None) -> list[Rating]:
    """Bad ratings not answered yet, earliest deadline first (a department's list, or all for supervisors)."""
    stmt = select(Rating).where(Rating.follow_up_department_id.is_not(None), Rating.answered_at.is_(None))
    if department_id is not None:
        stmt = stmt.where(Rating.follow_up_department_id == department_id)
    return list(db.session.scalars(stmt.order_by(Rating.follow_up_due, Rating.id)))


def get_rating(rating_id: int) -> Rating:
    rating = db.session.get(Rating, rating_id)
    if rating is None:
        raise NotFound("评价不存在")
    return rating


def answer_follow_up(rating: Rating, actor: Actor, answer: str) -> None:
    """The department explains what it found and did (整改答复)."""
    if rating.follow_up_department_id is None:
        raise NotFound("该评价无需整改")
    if not (
        actor.has_role(Role.APPROVER, Role.DEPARTMENT_ADMIN) and actor.department_id == rating.follow_up_department_id
    ):
        raise NotAllowed("只有被评价部门可以答复")
    if rating.answered_at is not None:
        raise InvalidData("已答复", details={"answer": ["该差评已答复"]})
    answer = (answer or "").strip()
    if len(answer) < 5:
        raise InvalidData("请填写答复", details={"answer": ["请说明核查情况和整改措施（至少 5 个字）"]})
    rating.follow_up_answer, rating.answered_by_id, rating.answered_at = answer[:2000], actor.id, now()
    db.session.flush()
    late = today() > rating.follow_up_due if rating.follow_up_due else False
    record_event(
        "rating.follow_up_answered",
        actor=actor,
        application=rating.application,
        detail={"rating": rating.id, "late": late},
        note=rating.follow_up_answer,
    )


def confirm_resolution(rating: Rating, actor: Actor, resolved: bool, note: str = "") -> None:
    """The applicant's word on the department's answer."""
    if actor.id != rating.application.applicant_id:
        raise NotAllowed("只有申请人本人可以确认")
    if rating.answered_at is None:
        raise InvalidData("部门尚未答复", details={"resolved": ["部门答复后才能确认"]})
    rating.resolved, rating.resolved_note = resolved, (note or "").strip()[:1000] or None
    db.session.flush()
    record_event(
        "rating.resolution_confirmed",
        actor=actor,
        application=rating.application,
        detail={"rating": rating.id, "resolved": resolved},
        note=rating.resolved_note,
    )
