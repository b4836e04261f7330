"""The OpenAPI description of the lifecycle, search, materials, supervision and webhook endpoints (issue 20), and
the parts every operation shares: the scope each needs, the Idempotency-Key of every POST, the errors of every
authenticated call. Merged into app/web/openapi.py's document."""

from __future__ import annotations

from typing import Any

from app.domain.deferrals import MAX_DEFERRED, MAX_NAME_LENGTH, MAX_PROMISE_DAYS, DeferralState
from app.domain.lifecycle import CaseStatus
from app.webhooks.events import EVENTS

STATUSES = [status.value for status in CaseStatus]
TIME = {"type": "string", "format": "date-time"}
MAYBE_TIME = {"type": ["string", "null"], "format": "date-time"}
MAYBE_DATE = {"type": ["string", "null"], "format": "date"}
ERROR = {"$ref": "#/components/schemas/Error"}
CASE = {"$ref": "#/components/schemas/Case"}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def closed(properties: dict[str, Any], *optional: str) -> dict[str, Any]:
    """An object with exactly these properties, all present except ``optional``: the answer, exactly."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


def errors(*codes: int) -> dict[str, Any]:
    return {str(code): {"description": "error", **json_content(ERROR)} for code in sorted({400, *codes})}


def path_text(name: str, max_length: int = 64) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string", "maxLength": max_length}}


def path_id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "format": "int32"}}


def query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema}


LIMIT = query("limit", {"type": "integer", "minimum": 1, "maximum": 200})
CURSOR = query(
    "cursor", {"type": "string", "pattern": "^[1-9][0-9]{0,17}$", "description": "next_cursor of the previous page"}
)
TEXT = {"type": "string", "minLength": 1, "maxLength": 2000, "pattern": r"\S"}

CASE_SUMMARY = closed(
    {
        "tracking_number": {"type": "string"},
        "item": {"type": "string"},
        "version": {"type": "integer"},
        "status": {"type": "string", "enum": STATUSES},
        "outcome": {"type": ["string", "null"]},
        "submitted_at": TIME,
        "accepted_at": MAYBE_TIME,
        "due_date": MAYBE_DATE,
        "finished_at": MAYBE_TIME,
    }
)
SUBSCRIPTION = closed(
    {
        "id": {"type": "integer"},
        "url": {"type": "string", "format": "uri"},
        "events": {"type": "array", "items": {"type": "string", "enum": list(EVENTS)}},
        "active": {"type": "boolean"},
        "created_at": TIME,
        "secret": {"type": "string", "description": "HMAC-SHA256 key of X-Yichuang-Signature; shown only once"},
    },
    "secret",
)
DELIVERY = closed(
    {
        "id": {"type": "integer"},
        "event": {"type": "string"},
        "url": {"type": "string"},
        "idempotency_key": {"type": "string"},
        "state": {"type": "string", "enum": ["pending", "sending", "delivered", "failed"]},
        "attempts": {"type": "integer"},
        "last_status": {"type": ["integer", "null"]},
        "last_error": {"type": ["string", "null"]},
        "created_at": TIME,
        "next_attempt_at": MAYBE_TIME,
        "delivered_at": MAYBE_TIME,
        "payload": {"type": "object"},
    }
)
FIGURES = closed(
    {
        "date": {"type": "string", "format": "date"},
        "departments": {
            "type": "array",
            "items": closed(
                {
                    "department": {"type": "string"},
                    "green": {"type": "integer"},
                    "yellow": {"type": "integer"},
                    "red": {"type": "integer"},
                }
            ),
        },
    }
)
FILE_REFERENCE = closed(
    {
        "file_id": {"type": "string"},
        "name": {"type": "string"},
        "size": {"type": "integer"},
        "media_type": {"type": "string"},
    }
)
BINARY = {"schema": {"type": "string", "format": "binary"}}
DEFERRED_MATERIAL = closed(
    {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "promised_by": {"type": "string", "format": "date"},
        "state": {"type": "string", "enum": [state.value for state in DeferralState]},
        "overdue": {"type": "boolean", "description": "owed past the promised date (calendar days)"},
        "file": {"oneOf": [FILE_REFERENCE, {"type": "null"}]},
        "uploaded_at": MAYBE_TIME,
        "received_at": MAYBE_TIME,
    }
)


def _step(summary: str, body: dict[str, Any], scope: str) -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "x-scope": scope,
            "parameters": [path_text("tracking_number", 40)],
            "requestBody": {"required": True, **json_content(body)},
            "responses": {
                "200": {"description": "the case after the step", **json_content(CASE)},
                **errors(404, 409, 422),
            },
        }
    }


def _reason(description: str) -> dict[str, Any]:
    return {"type": "object", "required": ["reason"], "properties": {"reason": {**TEXT, "description": description}}}


PATHS: dict[str, Any] = {
    "/items/{slug}": {
        "get": {
            "summary": "One live item: its guide (办事指南) and its application form schema",
            "security": [],
            "parameters": [path_text("slug")],
            "responses": {
                "200": {
                    "description": "the item",
                    **json_content(
                        closed(
                            {
                                "slug": {"type": "string"},
                                "code": {"type": "string"},
                                "name": {"type": "string"},
                                "kind": {"type": "string"},
                                "department": {"type": "string"},
                                "promised_days": {"type": "integer"},
                                "statutory_days": {"type": "integer"},
                                "version": {"type": "integer"},
                                "guide": {"type": "object"},
                                "form_schema": {"type": "object"},
                            }
                        )
                    ),
                },
                **errors(404),
            },
        }
    },
    "/applications": {
        "get": {
            "summary": "Search the cases the caller may read (need to know), newest first, a page at a time",
            "x-scope": "read",
            "parameters": [
                query("status", {"type": "string", "enum": STATUSES}),
                query("item", {"type": "string", "maxLength": 64, "description": "the item's slug"}),
                query("number", {"type": "string", "maxLength": 40, "description": "tracking-number prefix"}),
                LIMIT,
                CURSOR,
            ],
            "responses": {
                "200": {
                    "description": "cases",
                    **json_content(
                        closed(
                            {
                                "applications": {"type": "array", "items": CASE_SUMMARY},
                                "next_cursor": {"type": ["string", "null"]},
                            }
                        )
                    ),
                },
                **errors(422),
            },
        }
    },
    "/applications/{tracking_number}/accept": _step(
        "The window accepts (综合受理): the working-day clock starts. 容缺受理: name the missing materials the guide "
        "marks deferrable (need: deferrable) and the date they are promised by; the case goes on owing them",
        {
            "type": "object",
            "properties": {
                "note": TEXT,
                "deferred_materials": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": MAX_DEFERRED,
                    "items": {"type": "string", "minLength": 1, "maxLength": MAX_NAME_LENGTH, "pattern": r"\S"},
                    "description": "materials as the guide names them; only those it marks deferrable",
                },
                "deferred_until": {
                    "type": "string",
                    "format": "date",
                    "description": f"the promised date: today at the earliest, {MAX_PROMISE_DAYS} calendar days later "
                    "at the latest",
                },
            },
            "dependentRequired": {
                "deferred_materials": ["deferred_until"],
                "deferred_until": ["deferred_materials"],
            },
        },
        "decide",
    ),
    "/applications/{tracking_number}/deferred-materials": {
        "get": {
            "summary": "What the case owes after 容缺受理 (acceptance with deferred materials), and what came in",
            "x-scope": "read",
            "parameters": [path_text("tracking_number", 40)],
            "responses": {
                "200": {
                    "description": "the deferred materials",
                    **json_content(closed({"deferred_materials": {"type": "array", "items": DEFERRED_MATERIAL}})),
                },
                **errors(404),
            },
        }
    },
    "/applications/{tracking_number}/deferred-materials/{material_id}/hand-in": {
        "post": {
            "summary": "The applicant hands in an owed material: a file uploaded through /uploads, held to the "
            "form's upload rules for it; it stays owed until the window confirms receipt",
            "x-scope": "submit",
            "parameters": [path_text("tracking_number", 40), path_id("material_id")],
            "requestBody": {
                "required": True,
                **json_content(
                    {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {
                                "type": "object",
                                "required": ["file_id"],
                                "properties": {"file_id": {"type": "string", "maxLength": 32}},
                                "description": "the reference /uploads answered",
                            }
                        },
                    }
                ),
            },
            "responses": {
                "200": {"description": "the material", **json_content(DEFERRED_MATERIAL)},
                **errors(404, 409, 422),
            },
        }
    },
    "/applications/{tracking_number}/deferred-materials/{material_id}/receive": {
        "post": {
            "summary": "The window confirms it has the owed material (uploaded or handed in on paper)",
            "x-scope": "decide",
            "parameters": [path_text("tracking_number", 40), path_id("material_id")],
            "responses": {
                "200": {"description": "the material", **json_content(DEFERRED_MATERIAL)},
                **errors(404, 409),
            },
        }
    },
    "/applications/{tracking_number}/request-supplement": _step(
        "The window asks for a supplement (补正), naming everything missing at once",
        _reason("一次性告知的内容"),
        "decide",
    ),
    "/applications/{tracking_number}/decline": _step(
        "The window declines (不予受理), with the reason the notice gives", _reason("不予受理的理由"), "decide"
    ),
    "/applications/{tracking_number}/issue": _step(
        "The output window hands out the result (出件)",
        {
            "type": "object",
            "required": ["delivery"],
            "properties": {"delivery": {"type": "string", "enum": ["window", "mail"]}, "note": TEXT},
        },
        "decide",
    ),
    "/uploads": {
        "post": {
            "summary": "Upload one material; name it in an application's data ({file_id, name, size, media_type})",
            "x-scope": "submit",
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {
                                "file": {"type": "string", "format": "binary"},
                                "field": {"type": "string", "maxLength": 200},
                            },
                        }
                    }
                },
            },
            "responses": {"201": {"description": "stored", **json_content(FILE_REFERENCE)}, **errors(413, 422)},
        }
    },
    "/files/{file_id}": {
        "get": {
            "summary": "Download a material of the caller's own or of a case the caller may read",
            "x-scope": "read",
            "parameters": [path_text("file_id", 32)],
            "responses": {
                "200": {
                    "description": "the file",
                    "content": {
                        "application/pdf": BINARY,
                        "image/png": BINARY,
                        "image/jpeg": BINARY,
                        "application/octet-stream": BINARY,
                    },
                },
                **errors(404),
            },
        }
    },
    "/supervision": {
        "get": {
            "summary": "Open cases green / yellow / red per department (电子监察); departments see their own",
            "x-scope": "read",
            "responses": {"200": {"description": "figures", **json_content(FIGURES)}, **errors()},
        }
    },
    "/webhooks": {
        "get": {
            "summary": "The integrator client's webhook subscriptions",
            "x-scope": "read",
            "responses": {
                "200": {
                    "description": "subscriptions",
                    **json_content(closed({"subscriptions": {"type": "array", "items": SUBSCRIPTION}})),
                },
                **errors(),
            },
        },
        "post": {
            "summary": "Subscribe to events; deliveries are POSTed at least once, signed (X-Yichuang-Signature: "
            "sha256=HMAC of '<X-Yichuang-Timestamp>.<body>'), with an Idempotency-Key, retried with backoff. The url "
            "must be on the platform's allow-list of receivers (hosts and URL prefixes its admin sets) and not an "
            "internal address (private, loopback, link-local such as 169.254.169.254) unless the admin allows that "
            "network: 403 (receiver_not_allowed) naming the url otherwise; 422 for a url that is not an absolute "
            "http(s) address. Each delivery checks again, resolving the host at that moment, and follows no redirect",
            "x-scope": "read",
            "requestBody": {
                "required": True,
                **json_content(
                    {
                        "type": "object",
                        "required": ["url", "events"],
                        "properties": {
                            "url": {
                                "type": "string",
                                "format": "uri",
                                "pattern": "^https?://[A-Za-z0-9.-]+(:[0-9]{1,4})?(/[!-~]*)?$",
                            },
                            "events": {
                                "type": "array",
                                "minItems": 1,
                                "items": {"type": "string", "enum": list(EVENTS)},
                            },
                        },
                    }
                ),
            },
            "responses": {"201": {"description": "subscribed", **json_content(SUBSCRIPTION)}, **errors(422)},
        },
    },
    "/webhooks/{subscription_id}": {
        "delete": {
            "summary": "End a subscription",
            "x-scope": "read",
            "parameters": [path_id("subscription_id")],
            "responses": {"200": {"description": "ended", **json_content(SUBSCRIPTION)}, **errors(404)},
        }
    },
    "/webhooks/deliveries": {
        "get": {
            "summary": "The delivery log of the client's subscriptions, newest first",
            "x-scope": "read",
            "parameters": [LIMIT, CURSOR],
            "responses": {
                "200": {
                    "description": "deliveries",
                    **json_content(
                        closed(
                            {
                                "deliveries": {"type": "array", "items": DELIVERY},
                                "next_cursor": {"type": ["string", "null"]},
                            }
                        )
                    ),
                },
                **errors(422),
            },
        }
    },
    "/webhooks/deliveries/{delivery_id}/redeliver": {
        "post": {
            "summary": "Deliver again now (after the receiver was fixed), with a fresh set of attempts",
            "x-scope": "read",
            "parameters": [path_id("delivery_id")],
            "responses": {"200": {"description": "queued", **json_content(DELIVERY)}, **errors(404)},
        }
    },
}

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Send the same key again to get the first answer instead of a second effect (successful "
    "answers are kept; a failed call can be retried with the same key). Reusing a key for another request is 422.",
    "schema": {"type": "string", "pattern": "^[!-~]{1,100}$"},
}


def finish(document: dict[str, Any]) -> dict[str, Any]:
    """What every authenticated operation shares: the scope it needs as the bearer's role list, the
    Idempotency-Key of every POST, and the answers of every authenticated call (401 no token, 403 no right or
    scope, 429 the client's rate limit)."""
    for path in document["paths"].values():
        for method, operation in path.items():
            scope = operation.pop("x-scope", None)
            if operation.get("security") == []:
                # public: no scope and no key to remember an answer under, but a client's token still counts
                # against its rate limit
                operation["responses"].update(errors(429))
                continue
            operation["security"] = [{"bearer": [scope or "read"]}]
            operation["responses"].update(errors(401, 403, 429))
            if method == "post":
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
                operation["responses"].update(errors(409, 422))
    return document
