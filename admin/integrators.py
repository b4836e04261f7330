"""接入系统 (department systems) in the admin: integrator clients with their scopes, rate limit and tokens, their
webhook subscriptions, the delivery log with "deliver again", and every API call they made. Platform admin only
(admin/access.py's default): a client acts for a whole department."""

from __future__ import annotations

from typing import Any

from flask import flash
from flask_admin import Admin
from flask_admin.actions import action
from wtforms import StringField

from admin import SecureModelView
from admin.calendar import hall_time
from admin.words import _l
from app.extensions import db
from app.models import ApiCall, IntegratorClient, WebhookAttempt, WebhookDelivery, WebhookSubscription
from app.services import integrators
from app.services.errors import ServiceError
from app.webhooks.subscriptions import redeliver_for

CATEGORY = _l("接入系统")
DELIVERY_STATES = {"pending": "待投递", "sending": "投递中", "delivered": "已送达", "failed": "已放弃"}
SCOPE_WORDS = {"read": "读取", "decide": "办理", "submit": "申报"}
EVENT_WORDS = {
    "case.submitted": "收到申请",
    "case.accepted": "已受理",
    "case.supplement_requested": "要求补正",
    "case.declined": "不予受理",
    "task.ready": "待本部门办理",
    "case.issued": "已出件",
    "call_webhook": "流程调用",
}


def _words(text: str, words: dict[str, str]) -> str:
    """Codes as the admin reads them: "办理（decide）", the code kept for whoever configures a client."""
    return "、".join(f"{words.get(code, code)}（{code}）" for code in text.split())


def _time(name: str) -> Any:
    return lambda v, c, m, n: hall_time(getattr(m, name)) if getattr(m, name) else "—"


class IntegratorClientView(SecureModelView):
    """A new client gets its own account (an approver of its department) from integrators.create_client; the
    "签发令牌" action shows a new token once."""

    can_delete = False
    column_list = ("name", "department", "scopes", "rate_limit", "active", "created_at")
    column_labels = {
        "name": "名称",
        "department": "部门",
        "scopes": "权限范围",
        "rate_limit": "调用频率上限",
        "active": "启用",
        "created_at": "建立时间",
    }
    column_formatters = {"scopes": lambda v, c, m, n: _words(m.scopes, SCOPE_WORDS), "created_at": _time("created_at")}
    form_columns = ("name", "department", "scopes", "rate_limit", "active")
    form_overrides = {"scopes": StringField, "rate_limit": StringField}
    form_args = {
        "scopes": {"description": "read（读取）、decide（办理）、submit（申报），空格分隔", "default": "read"},
        "rate_limit": {"description": "例如 120/minute 或 10 per second", "default": integrators.DEFAULT_RATE_LIMIT},
    }

    def edit_form(self, obj: Any = None) -> Any:
        # The name and the department are the client's identity (its account's name and department): fixed.
        form = super().edit_form(obj)
        del form.name
        del form.department
        return form

    def create_model(self, form: Any) -> Any:
        try:
            client = integrators.create_client(
                form.name.data or "",
                form.department.data.code if form.department.data else "",
                form.scopes.data,
                form.rate_limit.data,
            )
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return False
        return client

    def on_model_change(self, form: Any, model: IntegratorClient, is_created: bool) -> None:
        model.scopes = integrators.scopes_from(model.scopes)
        model.rate_limit = integrators.rate_limit_from(model.rate_limit)

    def handle_view_exception(self, exc: Exception) -> bool:
        if isinstance(exc, ServiceError):
            flash(exc.message, "error")
            return True
        return super().handle_view_exception(exc)

    @action("issue_token", _l("签发令牌"), _l("为所选接入系统各签发一个 90 天有效的新令牌？令牌只显示这一次。"))
    def action_issue_token(self, ids: list[str]) -> None:
        for client_id in (int(i) for i in ids if str(i).isdigit()):
            client = integrators.get_client(client_id)
            _, token = integrators.issue_client_token(client, "管理后台签发")
            flash(f"“{client.name}”的新令牌（只显示这一次，请立即保存）：{token}")
        db.session.commit()


class WebhookSubscriptionView(SecureModelView):
    can_create = can_delete = False
    column_list = ("client", "url", "events", "active", "created_at")
    column_labels = {
        "client": "接入系统",
        "url": "接收地址",
        "events": "事件",
        "active": "有效",
        "created_at": "建立时间",
    }
    form_columns = ("active",)


class WebhookDeliveryView(SecureModelView):
    """The delivery log: every event for every receiver, its state and attempts; "重新投递" queues it again."""

    can_create = can_edit = can_delete = False
    can_view_details = True
    column_list = ("created_at", "event", "url", "state", "attempts", "last_status", "last_error", "delivered_at")
    column_labels = {
        "created_at": "时间",
        "event": "事件",
        "url": "接收地址",
        "state": "状态",
        "attempts": "尝试次数",
        "last_status": "最近状态码",
        "last_error": "最近错误",
        "delivered_at": "送达时间",
        "payload": "内容",
        "idempotency_key": "幂等键",
    }
    column_filters = ("state", "event")
    column_default_sort = ("id", True)
    column_formatters = {
        "state": lambda v, c, m, n: DELIVERY_STATES.get(m.state, m.state),
        "event": lambda v, c, m, n: _words(m.event, EVENT_WORDS),
        "created_at": _time("created_at"),
        "delivered_at": _time("delivered_at"),
    }

    @action("redeliver", _l("重新投递"), _l("重新投递所选的事件？"))
    def action_redeliver(self, ids: list[str]) -> None:
        numbers = [int(i) for i in ids if str(i).isdigit()]
        for delivery_id in numbers:
            redeliver_for(None, delivery_id)
        db.session.commit()
        flash(f"已重新排队 {len(numbers)} 个投递")


class WebhookAttemptView(SecureModelView):
    can_create = can_edit = can_delete = False
    column_list = ("at", "delivery_id", "status", "error", "duration_ms")
    column_labels = {
        "at": "时间",
        "delivery_id": "投递",
        "status": "状态码",
        "error": "错误",
        "duration_ms": "耗时（毫秒）",
    }
    column_default_sort = ("id", True)


class ApiCallView(SecureModelView):
    can_create = can_edit = can_delete = False
    column_list = ("at", "client_id", "method", "path", "status", "duration_ms", "idempotency_key")
    column_labels = {
        "at": "时间",
        "client_id": "接入系统",
        "method": "方法",
        "path": "地址",
        "status": "状态码",
        "duration_ms": "耗时（毫秒）",
        "idempotency_key": "幂等键",
    }
    column_formatters = {"at": _time("at")}
    column_filters = ("client_id", "status", "method")
    column_default_sort = ("id", True)


def register_integrators(admin: Admin) -> None:
    admin.add_view(
        IntegratorClientView(IntegratorClient, db, name=_l("接入系统"), endpoint="integrators", category=CATEGORY)
    )
    admin.add_view(
        WebhookSubscriptionView(
            WebhookSubscription, db, name=_l("事件订阅"), endpoint="webhook_subscriptions", category=CATEGORY
        )
    )
    admin.add_view(
        WebhookDeliveryView(WebhookDelivery, db, name=_l("投递记录"), endpoint="webhook_deliveries", category=CATEGORY)
    )
    admin.add_view(
        WebhookAttemptView(WebhookAttempt, db, name=_l("投递尝试"), endpoint="webhook_attempts", category=CATEGORY)
    )
    admin.add_view(ApiCallView(ApiCall, db, name=_l("接口调用"), endpoint="api_calls", category=CATEGORY))
