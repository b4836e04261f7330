"""Cookie flags and response headers every page carries.

The Content-Security-Policy allows scripts from our own origin only: bpmn.io is built into our static files
(`make vendor`) and no template has an inline script or ``on…=`` handler (JSON data blocks, which browsers never
run, are fine). Styles keep ``'unsafe-inline'``: bpmn.io and Flask-Admin's widgets set style attributes, and a
style cannot run code. Pages may not be framed anywhere (clickjacking a clerk's "accept" button).
"""

from __future__ import annotations

import os

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def secure_cookies_wanted(*, development: bool, testing: bool) -> bool:
    """Secure cookies travel over HTTPS only: on in production, off where the dev server speaks plain HTTP.
    ``SESSION_COOKIE_SECURE=0`` turns them off for a hall intranet served without TLS (not recommended)."""
    setting = os.environ.get("SESSION_COOKIE_SECURE")
    if setting is not None:
        return setting.strip().lower() not in ("0", "false", "no", "off", "")
    return not (development or testing)


def init_security_headers(app: Flask, *, development: bool) -> None:
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    if app.config.get("SESSION_COOKIE_SECURE") is None:  # not decided by the caller's config
        app.config["SESSION_COOKIE_SECURE"] = secure_cookies_wanted(development=development, testing=app.testing)
    app.config["REMEMBER_COOKIE_SAMESITE"] = app.config["SESSION_COOKIE_SAMESITE"]
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True

    @app.after_request
    def _add_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
