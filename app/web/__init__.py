"""Blueprints: thin views that parse, call a service, and render."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request

from app.extensions import db
from app.services.errors import ServiceError


def register_blueprints(app: Flask) -> None:
    from app.web import api, auth_views, portal, public, staff

    for module in (auth_views, public, portal, staff, api):
        app.register_blueprint(module.bp)

    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError) -> Any:
        db.session.rollback()
        if request.path.startswith("/api/"):
            return jsonify(error_code=exc.code, message=exc.message, details=exc.details), exc.status
        return render_template("error.html", error=exc), exc.status

    @app.teardown_request
    def rollback_unfinished(exc: BaseException | None) -> None:
        # The request owns the one commit; anything not committed by the view is thrown away.
        if exc is not None:
            db.session.rollback()

    from app.domain.lifecycle import STATUS_LABELS_ZH, CaseStatus

    @app.template_filter("status_label")
    def status_label(value: str) -> str:
        try:
            return STATUS_LABELS_ZH[CaseStatus(value)]
        except ValueError:
            return value
