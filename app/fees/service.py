"""A case's fee: assessed after acceptance, paid at the window or by the payment platform's callback, waived or
refunded with a reason. The output step waits until the fee is settled. Services never commit."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import func, select

from app.domain.actors import Actor
from app.domain.tracking_numbers import ALPHABET
from app.extensions import db
from app.fees.rules import FeeRuleError, amount_cents, rule_of, yuan
from app.models import Application, Fee, FeeState
from app.models.base import utcnow
from app.services.audit import record_event
from app.services.errors import Conflict, InvalidData, NotFound
from app.services.version_guides import guide_of

WINDOW_METHODS = {"cash": "现金", "card": "银行卡"}
METHOD_LABELS = {**WINDOW_METHODS, "online": "网上缴费"}
STATE_LABELS = {
    FeeState.ASSESSED: "待缴费",
    FeeState.PAID: "已缴费",
    FeeState.WAIVED: "已减免",
    FeeState.REFUNDED: "已退费",
}
SETTLED = frozenset({FeeState.PAID, FeeState.WAIVED})


def fee_of(application: Application) -> Fee | None:
    return db.session.scalar(select(Fee).where(Fee.application_id == application.id))


def _payment_code() -> str:
    return "JF" + "".join(secrets.choice(ALPHABET) for _ in range(12))


def assess(application: Application) -> Fee | None:
    """Assess the item's fee on an accepted case (None for a free item; once per case).

    A rule that cannot give an amount (a formula over a field the form lacks) raises FeeRuleError: the caller
    decides whether that stops the step."""
    rule = rule_of(guide_of(application.item_version))
    if rule is None:
        return None
    existing = fee_of(application)
    if existing is not None:
        return existing
    cents = amount_cents(rule, application.data or {})
    if cents == 0:
        return None
    fee = Fee(
        application_id=application.id,
        amount_cents=cents,
        rule=rule,
        payment_code=_payment_code(),
        state=FeeState.ASSESSED,
    )
    db.session.add(fee)
    db.session.flush()
    record_event(
        "fee.assessed",
        actor=None,
        application=application,
        detail={"amount": yuan(cents), "payment_code": fee.payment_code, "legal_basis": rule.get("legal_basis")},
    )
    return fee


def fee_context(fee: Fee) -> dict[str, Any]:
    rule = fee.rule
    basis = (
        "按固定标准" if rule["kind"] == "fixed" else f"按申请内容计算：{rule.get('description') or rule['expression']}"
    )
    return {
        "amount": yuan(fee.amount_cents),
        "payment_code": fee.payment_code,
        "payee": rule.get("payee") or "本级财政非税收入汇缴账户",
        "legal_basis": rule.get("legal_basis") or "",
        "fee_basis": basis,
    }


def require_settled(application: Application) -> None:
    """The output step's precondition: an assessed fee must be paid or waived first."""
    fee = fee_of(application)
    if fee is not None and fee.state not in SETTLED:
        raise Conflict(
            f"该办件应缴费用 {yuan(fee.amount_cents)} 元尚未缴清（缴款码 {fee.payment_code}），缴费后方可出件"
        )


def _locked_fee(application: Application) -> Fee:
    fee = db.session.scalar(select(Fee).where(Fee.application_id == application.id).with_for_update())
    if fee is None:
        raise NotFound("该办件无需缴费")
    return fee


def record_payment(
    application: Application, actor: Actor | None, *, method: str, amount: str, reference: str = ""
) -> Fee:
    """Record a payment at the window (cash, card) or from the payment platform (online). The amount must match."""
    fee = _locked_fee(application)
    if method not in METHOD_LABELS:
        raise InvalidData("请选择缴费方式", details={"method": ["现金、银行卡或网上缴费"]})
    try:
        paid = amount_cents({"kind": "fixed", "amount": amount}, {})
    except FeeRuleError:
        raise InvalidData("缴费金额应为数字", details={"amount": [f"应为 {yuan(fee.amount_cents)}"]}) from None
    if fee.state == FeeState.PAID and method == "online" and fee.transaction_ref == reference:
        return fee  # the platform called back twice for one payment
    if fee.state != FeeState.ASSESSED:
        raise Conflict(f"该费用{STATE_LABELS[fee.state]}，不能再次缴费")
    if paid != fee.amount_cents:
        raise InvalidData(
            f"缴费金额 {yuan(paid)} 元与应缴金额 {yuan(fee.amount_cents)} 元不符",
            details={"amount": [f"应为 {yuan(fee.amount_cents)}"]},
        )
    fee.state, fee.paid_at, fee.method = FeeState.PAID, utcnow(), method
    fee.transaction_ref = reference[:100] or None
    fee.recorded_by_id = actor.id if actor else None
    record_event(
        "fee.paid",
        actor=actor,
        application=application,
        detail={"amount": yuan(paid), "method": method, "reference": reference or None},
    )
    db.session.flush()
    return fee


def waive(application: Application, actor: Actor, reason: str) -> Fee:
    return _settle_otherwise(application, actor, reason, FeeState.ASSESSED, FeeState.WAIVED, "fee.waived")


def refund(application: Application, actor: Actor, reason: str) -> Fee:
    return _settle_otherwise(application, actor, reason, FeeState.PAID, FeeState.REFUNDED, "fee.refunded")


def _settle_otherwise(
    application: Application, actor: Actor, reason: str, from_state: str, to_state: str, action: str
) -> Fee:
    fee = _locked_fee(application)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidData("请填写理由", details={"reason": ["减免或退费必须写明理由"]})
    if fee.state != from_state:
        raise Conflict(f"该费用{STATE_LABELS[fee.state]}，不能{STATE_LABELS[to_state].removeprefix('已')}")
    fee.state, fee.reason, fee.recorded_by_id = to_state, reason, actor.id
    record_event(action, actor=actor, application=application, detail={"amount": yuan(fee.amount_cents)}, note=reason)
    db.session.flush()
    return fee


def by_payment_code(code: str) -> Application:
    fee = db.session.scalar(select(Fee).where(Fee.payment_code == code.strip().upper()))
    if fee is None:
        raise NotFound("缴款码不存在")
    return fee.application


def totals() -> dict[str, str]:
    """Supervision: fees assessed (all but waived) and collected (paid, less refunds), in yuan."""
    rows = dict(
        db.session.execute(select(Fee.state, func.coalesce(func.sum(Fee.amount_cents), 0)).group_by(Fee.state)).all()
    )
    assessed = sum(int(v) for v in rows.values())
    collected = int(rows.get(FeeState.PAID, 0))
    return {
        "assessed": yuan(assessed),
        "collected": yuan(collected),
        "outstanding": yuan(int(rows.get(FeeState.ASSESSED, 0))),
        "waived": yuan(int(rows.get(FeeState.WAIVED, 0))),
        "refunded": yuan(int(rows.get(FeeState.REFUNDED, 0))),
    }
