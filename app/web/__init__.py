"""Blueprints: thin views that parse, call a service, and render."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, jsonify, render_template, request, send_from_directory
from flask_babel import gettext
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.services.errors import Conflict, ServiceError
from app.web.http_errors import init_error_pages

FORMS_STATIC = Path(__file__).resolve().parents[2] / "forms" / "static"


def register_blueprints(app: Flask) -> None:
    from app.documents.kinds import LABELS
    from app.fees.rules import yuan
    from app.fees.service import METHOD_LABELS, STATE_LABELS
    from app.services.output_window import courier_label
    from app.web import (
        api,
        auth_views,
        bookings,
        deferrals,
        documents,
        feedback,
        fees,
        files,
        portal,
        progress_query,
        public,
        search,
        staff,
        supervision,
        window_entry,
    )
    from app.web.case_diagram import named_lanes
    from app.web.labels import action_label, booking_state_label

    for module in (
        auth_views,
        public,
        portal,
        staff,
        supervision,
        window_entry,
        search,
        files,
        api,
        documents,
        fees,
        progress_query,
        feedback,
        bookings,
        deferrals,
    ):
        app.register_blueprint(module.bp)
    app.register_blueprint(fees.callback_bp)
    app.add_template_global(LABELS.get, "document_label")
    app.add_template_global(yuan, "fee_yuan")
    app.add_template_global(STATE_LABELS.get, "fee_state_label")
    app.add_template_global(METHOD_LABELS.get, "fee_method_label")
    app.register_blueprint(
        Blueprint("forms_static", "forms", static_folder=str(FORMS_STATIC), static_url_path="/static/forms")
    )
    app.add_template_global(action_label)
    app.add_template_global(files.INLINE_TYPES, "inline_media_types")
    app.add_template_global(files.material_size)
    app.add_template_global(courier_label)
    app.add_template_filter(named_lanes)
    app.add_template_global(booking_state_label)
    init_error_pages(app)

    @app.route("/favicon.ico")
    def favicon() -> Any:
        # Browsers ask for it at the root whatever the page links; without it every page logs a 404.
        return send_from_directory(app.static_folder or "static", "favicon.ico", max_age=86400)

    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError) -> Any:
        db.session.rollback()
        headers = {"Retry-After": str(exc.retry_after)} if hasattr(exc, "retry_after") else {}
        if request.path.startswith("/api/"):
            return jsonify(error_code=exc.code, message=exc.message, details=exc.details), exc.status, headers
        return render_template("error.html", error=exc), exc.status, headers

    @app.errorhandler(StaleDataError)
    def changed_meanwhile(exc: StaleDataError) -> Any:
        # A case row whose version moved on since this request read it (row_writes.update_row, or an ORM flush):
        # nothing was written; the person retries on what is there now instead of seeing a server error.
        return service_error(Conflict(gettext("该办件刚被他人更新，本次操作未保存。请刷新后重试。")))

    @app.errorhandler(413)
    def too_large(exc: Exception) -> Any:
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        message = gettext("上传的内容过大：一次提交最多 %(mb)s MB。请压缩或分开上传材料。", mb=limit)
        if request.path.startswith("/api/"):
            return jsonify(error_code="too_large", message=message, details=None), 413
        return render_template("error.html", error=ServiceError(message)), 413

    @app.teardown_request
    def rollback_unfinished(exc: BaseException | None) -> None:
        # The request owns the one commit; anything not committed by the view is thrown away.
        if exc is not None:
            db.session.rollback()

    from app.domain.lifecycle import (
        LANE_LABELS,
        STATUS_LABELS_ZH,
        STATUS_NEXT_STEP,
        TASK_STATE_LABELS,
        CaseStatus,
        TaskState,
    )

    @app.template_filter("step_name")
    def step_name(value: str) -> str:
        # The platform's own steps are translated; an item's step names are the admin's words, shown as written.
        return gettext(value) if value else value

    @app.template_filter("next_step")
    def next_step(value: str) -> str:
        try:
            return gettext(STATUS_NEXT_STEP[CaseStatus(value)])
        except ValueError:
            return ""

    @app.template_filter("task_state_label")
    def task_state_label(value: str) -> str:
        try:
            return gettext(TASK_STATE_LABELS[TaskState(value)])
        except ValueError:
            return gettext("办理中")

    @app.template_filter("lane_label")
    def lane_label(value: str) -> str:
        return gettext(LANE_LABELS[value]) if value in LANE_LABELS else gettext("部门审批")

    @app.template_filter("status_label")
    def status_label(value: str) -> str:
        try:
            return gettext(STATUS_LABELS_ZH[CaseStatus(value)])
        except ValueError:
            return value
