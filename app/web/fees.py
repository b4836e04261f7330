"""Fees at the window (登记缴费, 减免, 退费) and the payment platform's callback (signed with a shared secret)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import Blueprint, current_app, flash, jsonify, redirect, request, url_for
from flask_login import current_user

from app.auth import roles_required
from app.extensions import csrf, db
from app.fees import service
from app.fees.rules import yuan
from app.models import Role
from app.services import cases
from app.services.errors import InvalidData, ServiceError

bp = Blueprint("fees", __name__)
callback_bp = Blueprint("payment_callback", __name__, url_prefix="/api/v1/payments")
csrf.exempt(callback_bp)  # signed by the payment platform instead


def _back(tracking_number: str) -> Any:
    return redirect(url_for("staff.case_view", tracking_number=tracking_number) + "#fee")


@bp.post("/cases/<tracking_number>/fee/pay")
@roles_required(Role.WINDOW_CLERK)
def pay(tracking_number: str) -> Any:
    application = cases.get_by_tracking_number(tracking_number)
    fee = service.record_payment(
        application,
        current_user,
        method=request.form.get("method", ""),
        amount=request.form.get("amount", "").strip(),
        reference=request.form.get("reference", "").strip(),
    )
    db.session.commit()
    flash(f"已登记缴费 {yuan(fee.amount_cents)} 元")
    return _back(tracking_number)


@bp.post("/cases/<tracking_number>/fee/waive")
@roles_required(Role.WINDOW_CLERK)
def waive(tracking_number: str) -> Any:
    service.waive(cases.get_by_tracking_number(tracking_number), current_user, request.form.get("reason", ""))
    db.session.commit()
    flash("已减免")
    return _back(tracking_number)


@bp.post("/cases/<tracking_number>/fee/refund")
@roles_required(Role.WINDOW_CLERK)
def refund(tracking_number: str) -> Any:
    service.refund(cases.get_by_tracking_number(tracking_number), current_user, request.form.get("reason", ""))
    db.session.commit()
    flash("已退费")
    return _back(tracking_number)


class BadSignature(ServiceError):
    status = 401
    code = "bad_signature"


def signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@callback_bp.post("/callback")
def callback() -> Any:
    """The payment platform reports a payment: JSON {payment_code, amount, transaction_id}, header
    ``X-Signature: hex(HMAC-SHA256(PAYMENT_CALLBACK_SECRET, body))``. Repeating a callback is harmless."""
    secret = current_app.config.get("PAYMENT_CALLBACK_SECRET") or ""
    given = request.headers.get("X-Signature", "")
    if not secret or not hmac.compare_digest(signature(secret, request.get_data()), given):
        raise BadSignature("签名无效")
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not body.get("payment_code") or not body.get("transaction_id"):
        raise InvalidData("需要 payment_code、amount 和 transaction_id")
    application = service.by_payment_code(str(body["payment_code"]))
    fee = service.record_payment(
        application, None, method="online", amount=str(body.get("amount", "")), reference=str(body["transaction_id"])
    )
    db.session.commit()
    return jsonify(tracking_number=application.tracking_number, state=fee.state, amount=yuan(fee.amount_cents))
