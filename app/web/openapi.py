"""OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from app.services.read_models import CaseRow, TaskRow, json_schema


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


ERROR = {"$ref": "#/components/schemas/Error"}
CASE = {"$ref": "#/components/schemas/Case"}
TASK = {"$ref": "#/components/schemas/Task"}
TOKEN_INFO: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "expires_at": {"type": "string", "format": "date-time"},
        "revoked_at": {"type": ["string", "null"], "format": "date-time"},
        "state": {"type": "string", "enum": ["active", "expired", "revoked"]},
    },
}
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
            # Derived from the read models the answers are built from (app/services/read_models.py).
            "Task": json_schema(TaskRow),
            "Case": {
                **json_schema(CaseRow),
                "properties": {
                    **json_schema(CaseRow)["properties"],
                    "tasks": {"type": "array", "items": TASK, "description": "its steps (a read or a completion)"},
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
                "summary": "Exchange a username and password for a new named API token (one per department system); "
                "the user's other tokens keep working. 429 after too many failed sign-ins (see Retry-After)",
                "security": [],
                "requestBody": _json(
                    {
                        "type": "object",
                        "required": ["username", "password"],
                        "properties": {
                            "username": {"type": "string"},
                            "password": {"type": "string"},
                            "name": {"type": "string", "minLength": 1, "maxLength": 100},
                            "expires_in_days": {"type": "integer", "minimum": 1, "maximum": 365, "default": 90},
                        },
                    }
                ),
                "responses": {
                    "200": {
                        "description": "the token (shown only here) and its description",
                        **_json(
                            {
                                **TOKEN_INFO,
                                "properties": {
                                    **TOKEN_INFO["properties"],
                                    "token": {"type": "string"},
                                    "user": {"type": "object"},
                                },
                            }
                        ),
                    },
                    **_errors(401, 422, 429),
                },
            }
        },
        "/tokens": {
            "get": {
                "summary": "The caller's tokens, newest first (never the tokens themselves)",
                "responses": {
                    "200": {
                        "description": "tokens",
                        **_json({"type": "object", "properties": {"tokens": {"type": "array", "items": TOKEN_INFO}}}),
                    },
                    **_errors(401),
                },
            }
        },
        "/tokens/{token_id}": {
            "delete": {
                "summary": "Revoke one of the caller's tokens at once",
                "parameters": [{"name": "token_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "revoked", **_json(TOKEN_INFO)}, **_errors(401, 404)},
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
                "summary": "Submit an application; the same submission_token twice returns the first case. Uploaded "
                "materials named in data must be the caller's own",
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
                "summary": "Complete a task with its decision form data; 403 (before the body is read) when "
                "the caller may not act on it, 409 when someone completed it first",
                "parameters": [{"name": "task_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": _json(
                    {"type": "object", "required": ["data"], "properties": {"data": {"type": "object"}}}
                ),
                "responses": {"200": {"description": "case", **_json(CASE)}, **_errors(401, 403, 404, 409, 422)},
            }
        },
    },
}
