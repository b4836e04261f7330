"""The one-window steps every case goes through, whatever its item: plain rules, no Flask, no session.

The window accepts (受理), asks for a supplement (补正) or declines (不予受理) at ``window_review``; the applicant
answers a supplement request at ``applicant_supplement``; the output window issues (出件) at ``output_issue``.
The process is workflows/platform/one_window.bpmn, the steps' forms are beside it, and the service functions
that take these steps are app/services/one_window.py.
"""

from __future__ import annotations

from typing import Any

WINDOW_REVIEW = "window_review"
APPLICANT_SUPPLEMENT = "applicant_supplement"
OUTPUT_ISSUE = "output_issue"

ACCEPT = "accept"
SUPPLEMENT = "supplement"
DECLINE = "decline"


def reason_problem(element_id: str, decision: dict[str, Any]) -> dict[str, list[str]]:
    """A supplement request or a decline must tell the applicant why: the field's message, or nothing."""
    needs_reason = element_id == WINDOW_REVIEW and decision.get("decision") in {SUPPLEMENT, DECLINE}
    if needs_reason and not str(decision.get("reason", "")).strip():
        return {"reason": ["补正或不予受理时请填写理由"]}
    return {}
