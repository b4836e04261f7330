"""Decision forms of the one-window steps the platform owns (the item's own steps name theirs in BPMN)."""

from __future__ import annotations

from typing import Any

WINDOW_REVIEW_FORM: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["decision"],
    "properties": {
        "decision": {
            "title": "受理决定",
            "type": "string",
            "oneOf": [
                {"const": "accept", "title": "受理"},
                {"const": "supplement", "title": "一次性告知补正"},
                {"const": "decline", "title": "不予受理"},
            ],
        },
        "reason": {
            "title": "理由／需补正的内容",
            "description": "补正或不予受理时必填，将告知申请人。",
            "type": "string",
            "maxLength": 2000,
        },
    },
}

OUTPUT_ISSUE_FORM: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["delivery"],
    "properties": {
        "delivery": {
            "title": "送达方式",
            "type": "string",
            "oneOf": [
                {"const": "window", "title": "窗口领取"},
                {"const": "mail", "title": "邮寄送达"},
            ],
        },
        "note": {"title": "出件备注", "type": "string", "maxLength": 500},
    },
}

PLATFORM_FORMS = {"window_review": WINDOW_REVIEW_FORM, "output_issue": OUTPUT_ISSUE_FORM}
WINDOW_UI = {"decision": {"ui:widget": "radio"}, "reason": {"ui:widget": "textarea"}}
OUTPUT_UI = {"delivery": {"ui:widget": "radio"}, "note": {"ui:widget": "textarea"}}
PLATFORM_UI = {"window_review": WINDOW_UI, "output_issue": OUTPUT_UI}


def reason_problem(element_id: str, decision: dict[str, Any]) -> dict[str, list[str]]:
    """A supplement request or a decline must tell the applicant why."""
    needs_reason = element_id == "window_review" and decision.get("decision") in {"supplement", "decline"}
    if needs_reason and not str(decision.get("reason", "")).strip():
        return {"reason": ["补正或不予受理时请填写理由"]}
    return {}
