"""The one-window steps (一窗): accept (受理), request a supplement (补正), decline (不予受理), answer a supplement
request, decide a department's step, issue the result (出件).

Every item's case goes through the same platform process (workflows/platform/one_window.bpmn, whose forms lie
beside it); the item's own approval path runs between acceptance and issue. Each function here names one step and
goes through the one door, :func:`app.services.cases.complete_task`, which locks the case, checks the task and the
person, validates the decision against the step's form, runs the engine and writes the audit. The request commits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.actors import Actor
from app.domain.one_window import (
    ACCEPT,
    APPLICANT_SUPPLEMENT,
    DECLINE,
    OUTPUT_ISSUE,
    SUPPLEMENT,
    WINDOW_REVIEW,
)
from app.services.cases import CompletedStep, complete_task


def accept(
    task_id: int,
    clerk: Actor,
    *,
    note: str | None = None,
    deferred_materials: list[str] | None = None,
    deferred_until: date | str | None = None,
) -> CompletedStep:
    """The window accepts the application: the working-day clock starts and the approval path runs.

    容缺受理: ``deferred_materials`` (as the guide names them; only those it marks deferrable) are missing and
    promised by ``deferred_until``; the case goes on and owes them (app/services/deferrals.py)."""
    promised = deferred_until.isoformat() if isinstance(deferred_until, date) else deferred_until
    decision = _with(decision=ACCEPT, reason=note, deferred_materials=deferred_materials, deferred_until=promised)
    return complete_task(task_id, clerk, decision, element_id=WINDOW_REVIEW)


def request_supplement(task_id: int, clerk: Actor, reason: str) -> CompletedStep:
    """The window returns the application once, telling the applicant everything that is missing (一次性告知)."""
    return complete_task(task_id, clerk, _with(decision=SUPPLEMENT, reason=reason), element_id=WINDOW_REVIEW)


def decline(task_id: int, clerk: Actor, reason: str) -> CompletedStep:
    """The window refuses the application (不予受理), with the reason the notice gives."""
    return complete_task(task_id, clerk, _with(decision=DECLINE, reason=reason), element_id=WINDOW_REVIEW)


def answer_supplement(task_id: int, applicant: Actor, form_data: dict[str, Any]) -> CompletedStep:
    """The applicant answers a supplement request with the corrected application form; the window reviews again."""
    return complete_task(task_id, applicant, form_data, element_id=APPLICANT_SUPPLEMENT)


def decide(task_id: int, approver: Actor, decision: dict[str, Any]) -> CompletedStep:
    """A department's step of the item's own approval path, with the decision its form asks for."""
    return complete_task(task_id, approver, decision)


def issue(
    task_id: int,
    clerk: Actor,
    *,
    delivery: str,
    note: str | None = None,
    mail_address: str | None = None,
    mail_recipient: str | None = None,
    courier: str | None = None,
    waybill: str | None = None,
) -> CompletedStep:
    """The output window hands out the result (``delivery``: ``window`` or ``mail``, which needs the address, the
    courier and the waybill number) and the case ends."""
    decision = _with(
        delivery=delivery,
        note=note,
        mail_address=mail_address,
        mail_recipient=mail_recipient,
        courier=courier,
        waybill=waybill,
    )
    return complete_task(task_id, clerk, decision, element_id=OUTPUT_ISSUE)


def _with(**fields: Any) -> dict[str, Any]:
    # A form's optional field is left out rather than sent empty.
    return {name: value for name, value in fields.items() if value is not None}
