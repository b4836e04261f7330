"""OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


ERROR = {"$ref": "#/components/schemas/Error"}
CASE = {"$ref": "#/components/schemas/Case"}
TASK = {"$ref": "#/components/schemas/Task"}
TOKEN = {"type": "object", "properties": {"token": {"type": "string"}}}
DECISION = {"type": "object", "required": ["data"], "properties": {"data": {"type": "object"}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): {"description": "error", **_json(ERROR)} for code in codes}


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Yichuang (一窗) API",
        "version": "1.0.0",
        "description": "Submit applications, work task lists and read cases. Authenticate with POST /token, then "
        "send `Authorization: Bearer <token>`. Errors are `{error_code, message, details}`.",
    },
    "servers": [{"url": "/api/v1"}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error_code", "message"],
                "properties": {
                    "error_code": {"type": "string"},
                    "message": {"type": "string"},
                    "details": {},
                },
            },
            "Task": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "element_id": {"type": "string"},
                    "name": {"type": "string"},
                    "lane": {"type": "string"},
                    "state": {"type": "string", "enum": ["ready", "claimed", "completed", "cancelled"]},
                    "assignee": {"type": ["string", "null"]},
                    "due_date": {"type": ["string", "null"], "format": "date"},
                    "tracking_number": {"type": "string"},
                    "item": {"type": "string"},
                },
            },
            "Case": {
                "type": "object",
                "properties": {
                    "tracking_number": {"type": "string"},
                    "item": {"type": "string"},
                    "version": {"type": "integer"},
                    "status": {
                        "type": "string",
                        "enum": [
                            "submitted",
                            "supplement",
                            "in_approval",
                            "awaiting_issue",
                            "issued",
                            "rejected",
                            "declined",
                        ],
                    },
                    "outcome": {"type": ["string", "null"]},
                    "data": {"type": "object"},
                    "due_date": {"type": ["string", "null"], "format": "date"},
                    "tasks": {"type": "array", "items": TASK},
                },
            },
        },
    },
    "security": [{"bearer": []}],
    "paths": {
        "/health": {
            "get": {
                "summary": "Liveness: the worker answers (no database access)",
                "security": [],
                "responses": {"200": {"description": "alive", **_json({"type": "object"})}},
            }
        },
        "/token": {
            "post": {
                "summary": "Exchange a username and password for an API token",
                "security": [],
                "requestBody": _json(
                    {
                        "type": "object",
                        "required": ["username", "password"],
                        "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
                    }
                ),
                "responses": {
                    "200": {
                        "description": "token",
                        **_json({"type": "object", "properties": {"token": {"type": "string"}}}),
                    },
                    **_errors(401, 422),
                },
            }
        },
        "/items": {
            "get": {
                "summary": "Published service items with their application form schema",
                "security": [],
                "responses": {"200": {"description": "items", **_json({"type": "object"})}},
            }
        },
        "/items/{slug}/applications": {
            "post": {
                "summary": "Submit an application; the same submission_token twice returns the first case",
                "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": _json(
                    {
                        "type": "object",
                        "required": ["data", "submission_token"],
                        "properties": {"data": {"type": "object"}, "submission_token": {"type": "string"}},
                    }
                ),
                "responses": {"201": {"description": "created", **_json(CASE)}, **_errors(401, 404, 422)},
            }
        },
        "/applications/{tracking_number}": {
            "get": {
                "summary": "A case with its tasks",
                "parameters": [
                    {"name": "tracking_number", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "case", **_json(CASE)}, **_errors(401, 404)},
            }
        },
        "/tasks": {
            "get": {
                "summary": "Open tasks of the caller's window or department, earliest due first",
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 500}}],
                "responses": {
                    "200": {
                        "description": "tasks",
                        **_json({"type": "object", "properties": {"tasks": {"type": "array", "items": TASK}}}),
                    },
                    **_errors(401),
                },
            }
        },
        "/tasks/{task_id}/claim": {
            "post": {
                "summary": "Claim a task",
                "parameters": [{"name": "task_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "task", **_json(TASK)}, **_errors(401, 403, 404, 409)},
            }
        },
        "/tasks/{task_id}/complete": {
            "post": {
                "summary": "Complete a task with its decision form data; 409 when someone completed it first",
                "parameters": [{"name": "task_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": _json(
                    {"type": "object", "required": ["data"], "properties": {"data": {"type": "object"}}}
                ),
                "responses": {"200": {"description": "case", **_json(CASE)}, **_errors(401, 403, 404, 409, 422)},
            }
        },
    },
}
