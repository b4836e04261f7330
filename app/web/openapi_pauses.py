"""The OpenAPI description of the excluded-period endpoints (app/web/api_pauses.py), merged into app/web/openapi.py."""

from __future__ import annotations

from typing import Any

from app.web.openapi_lifecycle import closed, errors, json_content, path_id, path_text

MAYBE_DAY = {"type": ["string", "null"], "format": "date"}
PAUSE = closed(
    {
        "tracking_number": {"type": "string"},
        "task_id": {"type": ["integer", "null"], "description": "the step that declared it"},
        "reason": {"type": "string"},
        "expected_days": {"type": ["integer", "null"], "description": "expected length in working days"},
        "started_on": {"type": "string", "format": "date"},
        "ended_on": MAYBE_DAY,
    }
)

PATHS: dict[str, Any] = {
    "/tasks/{task_id}/excluded-period": {
        "post": {
            "summary": "The department of an open step declares an excluded period (特别程序: expert review, hearing, "
            "public notice, on-site inspection): the case's clock and its steps' stand from today until it is "
            "ended. Only the step's own department (403, before the body is read); 422 naming the field, or when "
            "the clock already stands",
            "x-scope": "decide",
            "parameters": [path_id("task_id")],
            "requestBody": {
                "required": True,
                **json_content(
                    {
                        "type": "object",
                        "required": ["reason"],
                        "properties": {
                            "reason": {"type": "string", "minLength": 1, "maxLength": 500, "pattern": r"\S"},
                            "expected_days": {"type": "integer", "minimum": 1, "maximum": 365},
                        },
                    }
                ),
            },
            "responses": {"201": {"description": "declared", **json_content(PAUSE)}, **errors(404, 422)},
        }
    },
    "/applications/{tracking_number}/excluded-period/end": {
        "post": {
            "summary": "End the case's running excluded period (whoever declared it, or a supervisor); the clock "
            "runs on with the days it had left. 404 when none is running",
            "x-scope": "decide",
            "parameters": [path_text("tracking_number", 40)],
            "responses": {"200": {"description": "ended", **json_content(PAUSE)}, **errors(404)},
        }
    },
}
