"""The OpenAPI description of the appointment endpoints (app/web/api_bookings.py), merged into app/web/openapi.py."""

from __future__ import annotations

from typing import Any

from app.models import BookingState
from app.web.openapi_lifecycle import MAYBE_TIME, TIME, closed, errors, json_content, path_text, query

DAY = {"type": "string", "format": "date"}
HHMM = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}
DAY_QUERY = query("day", {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
CENTRE_QUERY = {**query("centre", {"type": "string", "maxLength": 32}), "description": "a centre's code"}
NUMBER = path_text("number", 24)

CENTRE = closed(
    {
        "code": {"type": "string"},
        "name": {"type": "string"},
        "level": {"type": "string", "enum": ["district", "street", "community"]},
        "address": {"type": "string"},
        "phone": {"type": ["string", "null"]},
        "hours": {"type": "string", "description": "working-day opening hours, e.g. 09:00-12:00,13:30-17:00"},
        "receives_only": {
            "type": "boolean",
            "description": "takes the application in and forwards it to the centre above, which accepts (代收代办)",
        },
    }
)
SLOT = closed({"day": DAY, "starts": HHMM, "ends": HHMM, "capacity": {"type": "integer"}, "free": {"type": "integer"}})
BOOKING = closed(
    {
        "number": {"type": "string", "description": "the booking number (预约号) the citizen shows at the window"},
        "item": {"type": "string", "description": "the item's slug"},
        "item_name": {"type": "string"},
        "centre": {"type": "string", "description": "the centre's code"},
        "centre_name": {"type": "string"},
        "day": DAY,
        "starts": HHMM,
        "ends": HHMM,
        "state": {"type": "string", "enum": [state.value for state in BookingState]},
        "state_label": {"type": "string"},
        "name": {"type": "string"},
        "phone": {
            "type": ["string", "null"],
            "description": "the citizen's mobile; masked (138****8000) for a department",
        },
        "created_at": TIME,
        "cancelled_at": MAYBE_TIME,
        "checked_in_at": MAYBE_TIME,
    }
)
BOOKING_ANSWER = {"description": "the booking", **json_content(BOOKING)}

PATHS: dict[str, Any] = {
    "/items/{slug}/centres": {
        "get": {
            "summary": "Where a live item is accepted (the guide's 办理地点) and the stations that take it in and "
            "forward it: the centres an appointment may be booked at",
            "security": [],
            "parameters": [path_text("slug")],
            "responses": {
                "200": {
                    "description": "centres",
                    **json_content(closed({"item": {"type": "string"}, "centres": {"type": "array", "items": CENTRE}})),
                },
                **errors(404),
            },
        }
    },
    "/items/{slug}/slots": {
        "get": {
            "summary": "The item's bookable working days at a centre (the next 10, holidays and 调休 from the "
            "working-day calendar) and their slots with the places left: every open day's, or only ``day``'s. 404 "
            "for an unknown centre code, 422 naming the centres that take the item when ``centre`` does not",
            "x-scope": "read",
            "parameters": [path_text("slug"), {**CENTRE_QUERY, "required": True}, DAY_QUERY],
            "responses": {
                "200": {
                    "description": "days and slots",
                    **json_content(
                        closed(
                            {
                                "item": {"type": "string"},
                                "centre": {"type": "string"},
                                "days": {"type": "array", "items": DAY},
                                "slots": {"type": "array", "items": SLOT},
                            }
                        )
                    ),
                },
                **errors(404, 422),
            },
        }
    },
    "/bookings": {
        "get": {
            "summary": "The caller's own bookings of the last 90 days and to come, the latest first (a few: no paging)",
            "x-scope": "read",
            "responses": {
                "200": {
                    "description": "bookings",
                    **json_content(closed({"bookings": {"type": "array", "items": BOOKING}})),
                },
                **errors(),
            },
        },
        "post": {
            "summary": "Book a slot for the caller themself (预约): the confirmation and the reminder (18:00 the "
            "evening before) go to the mobile given. A person's token only: a department system may not book for "
            "a citizen (403), since a booking is the citizen's own to cancel and to check in with. 409 when the "
            "slot is full or the caller already holds a booking of the item that day; 422 naming the field",
            "x-scope": "submit",
            "requestBody": {
                "required": True,
                **json_content(
                    {
                        "type": "object",
                        "required": ["item", "centre", "day", "starts", "name", "phone"],
                        "properties": {
                            "item": {"type": "string", "maxLength": 64, "description": "the item's slug"},
                            "centre": {"type": "string", "maxLength": 32, "description": "the centre's code"},
                            "day": {"type": "string", "format": "date", "maxLength": 10},
                            "starts": {**HHMM, "description": "a slot's start, as /items/{slug}/slots gives it"},
                            "name": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": r"\S"},
                            "phone": {"type": "string", "pattern": "^1[0-9]{10}$"},
                        },
                    }
                ),
            },
            "responses": {"201": {"description": "booked", **json_content(BOOKING)}, **errors(404, 409, 422)},
        },
    },
    "/bookings/{number}": {
        "get": {
            "summary": "One booking: the caller's own, or one they may see on the day list (the window of its "
            "centre, the department of its item, a supervisor watching its centre); others are 404",
            "x-scope": "read",
            "parameters": [NUMBER],
            "responses": {"200": BOOKING_ANSWER, **errors(404)},
        }
    },
    "/bookings/{number}/cancel": {
        "post": {
            "summary": "The citizen cancels their own booking before its slot starts; its place is free again and "
            "the reminder is not sent. 409 once the slot has started, or when it is checked in or cancelled",
            "x-scope": "submit",
            "parameters": [NUMBER],
            "responses": {"200": BOOKING_ANSWER, **errors(404, 409)},
        }
    },
    "/day-bookings": {
        "get": {
            "summary": "One day's bookings (today unless ``day``), in slot order, with the count of each state: a "
            "window clerk's token sees its centre's; a department's approvers and its department system see the "
            "bookings of the department's items at every centre (mobile numbers masked), narrowed to ``centre`` "
            "when given; a supervisor the centres they watch. A slot over without a check-in is a no-show, marked "
            "by the worker (403 for applicants, and for a centre the caller does not work at or watch; 404 for an "
            "unknown centre code)",
            "x-scope": "read",
            "parameters": [DAY_QUERY, CENTRE_QUERY],
            "responses": {
                "200": {
                    "description": "the day's bookings",
                    **json_content(
                        closed(
                            {
                                "day": DAY,
                                "counts": closed({state.value: {"type": "integer"} for state in BookingState}),
                                "bookings": {"type": "array", "items": BOOKING},
                            }
                        )
                    ),
                },
                **errors(404),
            },
        }
    },
    "/bookings/{number}/check-in": {
        "post": {
            "summary": "The window of the booked centre checks the citizen in, on the booked day (a window clerk's "
            "token; 403 for anyone else or another centre's window, 409 on another day or when already checked in "
            "or cancelled)",
            "x-scope": "decide",
            "parameters": [NUMBER],
            "responses": {"200": BOOKING_ANSWER, **errors(404, 409)},
        }
    },
}
