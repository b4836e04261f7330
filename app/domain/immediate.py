"""即办件 (immediate items): decided at the window, on the spot, by the item department's chief representative
(首席代表); plain rules, no Flask, no session.

The window's acceptance step of an immediate item is also its decision: approve with the result, or refuse with a
reason (or, as for every item, ask for a supplement or decline to accept). Only a window clerk who holds the
chief-representative right of the item's own department may take it; the result is issued at once, so there is no
department step and no output-window step. The services are app/services/immediate.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.domain.actors import Actor, Role

APPROVE = "approve"  # 当场准予
REFUSE = "refuse"  # 当场不予许可
# The engine turns them into the case's ``approved`` (workflows/specs.py WINDOW_VERDICTS).
VERDICTS = frozenset({APPROVE, REFUSE})

# The platform form of an immediate item's acceptance step (workflows/platform/), in place of window_review's.
IMMEDIATE_REVIEW_FORM = "immediate_review.schema.json"
# What the output step records when the result was handed over on the spot.
ISSUED_AT_ONCE = {"delivery": "window", "note": "即办件，窗口当场办结出件"}


def decision_refusal(actor: Actor, department_id: int, department_name: str) -> str | None:
    """Why ``actor`` may not decide an immediate item of the department (None: they may)."""
    if not actor.has_role(Role.WINDOW_CLERK):
        return "只有综合窗口人员可以办理此步骤"
    if not actor.has_role(Role.CHIEF_REPRESENTATIVE) or actor.department_id != department_id:
        return f"此事项为即办件，须由{department_name}的首席代表在窗口当场决定；您没有该部门的首席代表权限"
    return None


def verdict_problem(decision: dict[str, Any]) -> dict[str, list[str]]:
    """An approval states its result (what was registered or issued), a refusal its reason: the field's message."""
    text = {APPROVE: "result", REFUSE: "reason"}.get(str(decision.get("decision")))
    if text and not str(decision.get(text, "")).strip():
        return {text: ["准予时请填写办理结果" if text == "result" else "不予许可时请填写理由，将告知申请人"]}
    return {}


def is_verdict(decision: Any) -> bool:
    """Whether a window step's decision was an immediate item's verdict (approve / refuse)."""
    return isinstance(decision, dict) and decision.get("decision") in VERDICTS


def verdict_text(decision: dict[str, Any]) -> str:
    """What the decision document says of a window verdict: the result of an approval, the reason of a refusal."""
    return str(decision.get("result" if decision.get("decision") == APPROVE else "reason") or "")


def path_problems(kind: str, user_task_ids: Iterable[str]) -> list[str]:
    """An immediate item's approval path has no department step: the window decides (publishing refuses else)."""
    steps = sorted(user_task_ids)
    if kind != "immediate" or not steps:
        return []
    return [
        f"即办件由首席代表在窗口当场决定，审批路径不能有部门审批环节（{', '.join(steps)}）；"
        "请只画开始事件到结束事件，或把事项类型改为承诺件"
    ]
