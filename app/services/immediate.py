"""即办件: the chief representative decides an immediate item at the window and the result is issued at once.

One step for the clerk: the acceptance step records the verdict (approve with the result, refuse with the reason;
the rules are app/domain/immediate.py), the item's path has no department step, and the output step follows in
the same transaction, so the decision document and the certificate are queued and the case ends there. A case
with a fee still to pay waits at the output window instead (the fee is assessed on acceptance, so it cannot have
been paid before). Both steps go through the one door, :func:`app.services.cases.complete_task`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.domain.immediate import ISSUED_AT_ONCE, is_verdict
from app.domain.one_window import OUTPUT_ISSUE, WINDOW_REVIEW
from app.extensions import db
from app.fees.service import SETTLED, fee_of
from app.models import TASK_IS_OPEN, HumanTask
from app.services.cases import CompletedStep, complete_task


def decide_at_window(task_id: int, clerk: Any, decision: dict[str, Any]) -> CompletedStep:
    """The immediate item's acceptance step with ``decision`` (approve / refuse / supplement / decline); on a
    verdict the result is issued at once by the same clerk."""
    step = complete_task(task_id, clerk, decision, element_id=WINDOW_REVIEW)
    if not is_verdict(decision):
        return step
    application = step.application
    fee = fee_of(application)
    if fee is not None and fee.state not in SETTLED:
        return step  # issued at the output window once paid
    output = db.session.scalar(
        select(HumanTask.id).where(
            HumanTask.application_id == application.id, HumanTask.element_id == OUTPUT_ISSUE, TASK_IS_OPEN
        )
    )
    if output is None:
        return step
    return complete_task(output, clerk, dict(ISSUED_AT_ONCE), element_id=OUTPUT_ISSUE)
