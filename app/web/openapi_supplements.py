"""The OpenAPI description of the 补正 endpoints (app/web/api_supplements.py), merged into app/web/openapi.py."""

from __future__ import annotations

from typing import Any

from app.web.openapi_lifecycle import CASE, TEXT, closed, errors, json_content, path_id, path_text

SUPPLEMENT_REQUEST = closed(
    {
        "tracking_number": {"type": "string"},
        "asked_by": {
            "type": "string",
            "enum": ["window", "department"],
            "description": "window: before acceptance (the clock has not started); department: during its step "
            "(the case's clock and its steps' stand until the applicant answers)",
        },
        "what": {"type": "string", "description": "what to supply or correct, said once and in full (一次性告知)"},
        "requested_on": {"type": "string", "format": "date"},
        "task_id": {"type": "integer", "description": "the applicant's step (window) or the waiting department step"},
        "task_name": {"type": "string"},
        "department": {"type": ["string", "null"], "description": "the asking department's code (department only)"},
    }
)

PATHS: dict[str, Any] = {
    "/applications/{tracking_number}/supplement-request": {
        "get": {
            "summary": "What the case waits for from its applicant (补正), asked by the window before acceptance or "
            "by a department during its step; for whoever may read the case (need to know); 404 when it waits "
            "for nothing",
            "x-scope": "read",
            "parameters": [path_text("tracking_number", 40)],
            "responses": {
                "200": {"description": "the awaited request", **json_content(SUPPLEMENT_REQUEST)},
                **errors(404),
            },
        }
    },
    "/tasks/{task_id}/supplement-request": {
        "post": {
            "summary": "The department of an open step asks the applicant for a supplement during its review "
            "(审查中补正): the case's clock stands from today until the applicant answers, then runs on with the "
            "days it had left. Only the step's own department may ask (403, before the body is read); 422 when "
            "the case is not in approval or already waits",
            "x-scope": "decide",
            "parameters": [path_id("task_id")],
            "requestBody": {
                "required": True,
                **json_content(
                    {
                        "type": "object",
                        "required": ["what"],
                        "properties": {"what": {**TEXT, "maxLength": 500, "description": "一次性告知的内容"}},
                    }
                ),
            },
            "responses": {
                "201": {"description": "the request, now awaited", **json_content(SUPPLEMENT_REQUEST)},
                **errors(404, 422),
            },
        }
    },
    "/applications/{tracking_number}/supplement": {
        "post": {
            "summary": "The applicant answers what the case waits for (the window's or a department's request) with "
            "the corrected application form; materials named in data must be the caller's own uploads or already "
            "the case's. 409 when the case waits for nothing",
            "x-scope": "submit",
            "parameters": [path_text("tracking_number", 40)],
            "requestBody": {
                "required": True,
                **json_content({"type": "object", "required": ["data"], "properties": {"data": {"type": "object"}}}),
            },
            "responses": {
                "200": {"description": "the case after the answer", **json_content(CASE)},
                **errors(403, 404, 409, 422),
            },
        }
    },
}
