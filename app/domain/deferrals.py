"""容缺受理: the window accepts although some materials are missing, on the applicant's promise to bring them by a
date. Plain rules, no Flask and no session: which materials a guide lets the window defer, whether a deferral is
allowed, and when an owed material is overdue.

Only a material the guide marks ``need: "deferrable"`` may be deferred; anything else missing is a supplement
request (补正), not a deferral. The promised date is a calendar date (not working days): it is what the applicant
signs on the receipt, and "overdue" means the day after it has begun.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from app.domain.lifecycle import N_

MAX_PROMISE_DAYS = 30  # calendar days after acceptance; a longer promise is a supplement request in disguise
MAX_DEFERRED = 20  # materials deferred on one case (a guide lists up to 100)
MAX_NAME_LENGTH = 200

DEFERRED_MATERIALS = "deferred_materials"  # the decision's keys at window_review (page, API and service alike)
DEFERRED_UNTIL = "deferred_until"


class DeferralState(enum.StrEnum):
    OWED = "owed"  # promised, nothing handed in yet
    UPLOADED = "uploaded"  # the applicant handed it in online; the window has not confirmed it yet
    RECEIVED = "received"  # the window confirmed receipt: nothing is owed any more


STATE_LABELS = {  # marked for translation where they are shown (N_ is babel's keyword)
    DeferralState.OWED: N_("待补交"),
    DeferralState.UPLOADED: N_("已上传，待窗口确认"),
    DeferralState.RECEIVED: N_("已收到"),
}


def state_of(uploaded: bool, received: bool) -> DeferralState:
    if received:
        return DeferralState.RECEIVED
    return DeferralState.UPLOADED if uploaded else DeferralState.OWED


def material_names(guide: Mapping[str, Any] | None) -> list[str]:
    """Every material the guide lists, in its order."""
    materials = (guide or {}).get("materials") or []
    return [str(m["name"]) for m in materials if isinstance(m, Mapping) and m.get("name")]


def deferrable_materials(guide: Mapping[str, Any] | None) -> list[str]:
    """The materials the guide marks deferrable (容缺), in its order."""
    materials = (guide or {}).get("materials") or []
    return [
        str(m["name"]) for m in materials if isinstance(m, Mapping) and m.get("name") and m.get("need") == "deferrable"
    ]


def latest_promise(today: date) -> date:
    return today + timedelta(days=MAX_PROMISE_DAYS)


def parse_promise(text: Any) -> date | None:
    """The promised date from ``YYYY-MM-DD``, or None when it is not one."""
    if isinstance(text, date):
        return text
    if not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def deferral_problems(
    guide: Mapping[str, Any] | None, names: Iterable[str], promised_by: date | None, today: date
) -> dict[str, list[str]]:
    """What stops deferring ``names`` until ``promised_by``, by field (Chinese, naming the material); empty when
    the deferral may go ahead."""
    listed = set(material_names(guide))
    deferrable = set(deferrable_materials(guide))
    problems: dict[str, list[str]] = {}
    chosen = list(dict.fromkeys(names))
    material_problems = []
    if len(chosen) > MAX_DEFERRED:
        material_problems.append(f"一次最多容缺 {MAX_DEFERRED} 项材料")
    for name in chosen:
        if name not in listed:
            material_problems.append(f"“{name[:MAX_NAME_LENGTH]}”不是本事项办事指南列出的申请材料")
        elif name not in deferrable:
            material_problems.append(
                f"“{name}”不是容缺材料：办事指南未将其列为可容缺（受理后补交）的材料，缺少时请一次性告知补正"
            )
    if material_problems:
        problems[DEFERRED_MATERIALS] = material_problems
    if promised_by is None:
        problems[DEFERRED_UNTIL] = ["请填写承诺补齐日期（年-月-日）"]
    elif promised_by < today:
        problems[DEFERRED_UNTIL] = [f"承诺补齐日期 {promised_by.isoformat()} 已经过去，不能早于今天"]
    elif promised_by > latest_promise(today):
        problems[DEFERRED_UNTIL] = [
            f"承诺补齐日期不能晚于 {latest_promise(today).isoformat()}（受理之日起 {MAX_PROMISE_DAYS} 天内）"
        ]
    return problems


def is_overdue(promised_by: date, today: date, *, received: bool) -> bool:
    """Owed past the promised day (calendar days): from the day after ``promised_by`` until the window confirms."""
    return not received and today > promised_by


def days_overdue(promised_by: date, today: date) -> int:
    return max(0, (today - promised_by).days)
