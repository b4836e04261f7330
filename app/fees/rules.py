"""An item's fee rule, as its guide states it, and the amount it comes to for a case. Plain Python.

The guide's ``fee`` object:

    {"kind": "fixed", "amount": 50, "legal_basis": "...", "payee": "..."}
    {"kind": "formula", "expression": "max(100, form['area'] * 2)", "legal_basis": "...", "payee": "..."}

A formula is an admin-written expression run in the workflow sandbox over the form data (``form``); it must come
to a number of yuan. Amounts are kept in fen (integer cents), rounded half up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from workflows.sandbox import SandboxError, evaluate

MAX_FEE_CENTS = 100_000_000_00  # one hundred million yuan: above it the rule is wrong, not the fee


class FeeRuleError(ValueError):
    """The guide's fee rule cannot give an amount; the message says why, in words an admin can act on."""


def rule_of(guide: dict[str, Any]) -> dict[str, Any] | None:
    """The guide's fee rule, or None for a free item (no rule, or the old free-text ``fees`` only)."""
    rule = guide.get("fee")
    if rule is None:
        return None
    if not isinstance(rule, dict) or rule.get("kind") not in ("fixed", "formula"):
        raise FeeRuleError("收费规则 fee.kind 应为 fixed（固定金额）或 formula（按表单计算）")
    if not str(rule.get("legal_basis") or "").strip():
        raise FeeRuleError("收费规则缺少收费依据 fee.legal_basis")
    return rule


def _cents(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise FeeRuleError(f"收费金额应为数字，得到 {value!r}")
    try:
        yuan = Decimal(str(value))
    except InvalidOperation:
        raise FeeRuleError(f"收费金额应为数字，得到 {value!r}") from None
    if not yuan.is_finite() or yuan < 0:
        raise FeeRuleError(f"收费金额不能为负数或非数字：{value!r}")
    cents = int((yuan * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    if cents > MAX_FEE_CENTS:
        raise FeeRuleError(f"收费金额 {yuan} 元超出合理范围，请检查收费规则")
    return cents


def amount_cents(rule: dict[str, Any], form: dict[str, Any]) -> int:
    """What the rule charges for ``form``, in fen."""
    if rule["kind"] == "fixed":
        return _cents(rule.get("amount"))
    expression = str(rule.get("expression") or "").strip()
    if not expression:
        raise FeeRuleError("按表单计算的收费规则缺少计算公式 fee.expression")
    try:
        value = evaluate(expression, {"form": form})
    except SandboxError as exc:
        raise FeeRuleError(f"收费公式无法计算（{expression}）：{exc}") from exc
    return _cents(value)


def yuan(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"
