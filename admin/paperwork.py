"""Admin pages for the citizen's paper and messages: issued documents (revoking a certificate), document
templates with a PDF preview on sample data, message templates, and the outbox of every message."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, request, url_for
from flask_admin import Admin, expose
from flask_admin.actions import action
from flask_admin.contrib.sqla import ModelView
from flask_login import current_user
from markupsafe import Markup
from wtforms import SelectField, TextAreaField

from admin.access import AdminOnly
from admin.words import TranslatedLabels, _l
from app.documents import kinds
from app.documents.issuing import revoke
from app.documents.rendering import Page, render_pdf
from app.documents.templates import particulars
from app.domain.placeholders import fill, unknown_names
from app.extensions import db
from app.models import CaseDocument, DocumentState, DocumentTemplate, Notification, NotificationTemplate
from app.notifications.sending import retry_failed
from app.notifications.wording import ALL_CHANNELS, EVENT_LABELS, EVENTS, LOCALES
from app.services.errors import InvalidData

STATE_WORDS = {"pending": "生成中", "issued": "已签发", "revoked": "已撤销"}
MESSAGE_STATES = {"queued": "待发送", "sending": "发送中", "sent": "已发送", "failed": "发送失败"}
CHANNEL_WORDS = {"sms": "短信", "email": "电子邮件", "inbox": "站内信", "webhook": "Webhook", ALL_CHANNELS: "全部渠道"}

# What a document template may name, with sample values for the preview (the form's fields come as form.*).
SAMPLE_CONTEXT: dict[str, Any] = {
    "centre": "明湖区政务服务中心",
    "item": "公共场所卫生许可证核发",
    "item_code": "11440199007495413A4442111004",
    "department": "明湖区卫生健康委员会",
    "tracking_number": "YC20261202K7M3Q0X1H",
    "applicant": "黄志强",
    "holder": "明湖区悦湾酒店有限公司",
    "submitted_date": "2026-12-01",
    "accepted_date": "2026-12-02",
    "due_date": "2026-12-09",
    "promised_days": 5,
    "today": "2026-12-02",
    "clerk": "综合窗口 王小明",
    "legal_basis": "《公共场所卫生管理条例》第八条",
    "item_result": "公共场所卫生许可证",
    "opinion": "材料齐全，现场核查符合要求",
    "reason": "请补交卫生检测报告原件",
    "material_check": "申请材料基本齐全、符合法定形式，所缺非关键材料予以容缺受理",
    "deferred": "容缺受理：申请人承诺于 2026-12-09 前补交“从业人员健康合格证明”。"
    "材料补齐并经窗口确认收到后，方可领取办理结果。",
    "number": "ZZ20261004K7M3Q0",
    "valid_from": "2026-12-02",
    "valid_until": "2030-12-02",
    "scope": "宾馆，营业面积 3260.5 平方米",
    "amount": "1630.25",
    "payment_code": "JF7K3M9Q0X1H4A",
    "payee": "明湖区财政局非税收入专户",
    "fee_basis": "按申请内容计算：每平方米0.5元，最低100元",
    "form": {"applicant": {"name": "黄志强"}, "business": {"name": "明湖区悦湾酒店有限公司"}, "area": 3260.5},
    "decisions": {},
}


def _kind_label(view: Any, context: Any, model: Any, name: str) -> str:
    return kinds.LABELS.get(getattr(model, name), getattr(model, name))


class CaseDocumentView(TranslatedLabels, AdminOnly, ModelView):
    """Issued documents; a certificate can be revoked here (with a reason, in the audit trail)."""

    can_create = can_edit = can_delete = False
    column_list = ("application.tracking_number", "kind", "number", "holder_name", "state", "issued_at")
    column_labels = {
        "application.tracking_number": "受理编号",
        "kind": "文书",
        "number": "编号",
        "holder_name": "持有人",
        "state": "状态",
        "issued_at": "签发时间",
    }
    column_searchable_list = ("number", "holder_name", "verification_code")
    column_filters = ("kind", "state")
    column_default_sort = ("id", True)
    column_formatters = {
        "kind": _kind_label,
        "state": lambda v, c, m, n: Markup(
            f"{STATE_WORDS.get(m.state, m.state)}"
            + (
                f' · <a href="{url_for(".revoke_view", document_id=m.id)}">撤销</a>'
                if m.state == DocumentState.ISSUED and m.kind == kinds.CERTIFICATE
                else ""
            )
        ),
    }

    @expose("/<int:document_id>/revoke", methods=["GET", "POST"])
    def revoke_view(self, document_id: int) -> Any:
        document = db.get_or_404(CaseDocument, document_id)
        problem = None
        if request.method == "POST":
            try:
                revoke(document, current_user, request.form.get("reason", ""))
            except InvalidData as exc:
                db.session.rollback()
                problem = exc.message
            else:
                db.session.commit()
                flash(f"已撤销 {kinds.LABELS[document.kind]} {document.number}")
                return redirect(url_for(".index_view"))
        page = self.render("admin/paperwork/revoke.html", document=document, problem=problem, labels=kinds.LABELS)
        return page, (422 if problem else 200)


def _preview_pdf(title: str, body: str, fields: str) -> bytes:
    context = SAMPLE_CONTEXT
    text = fill(body, context)
    return render_pdf(
        Page(
            centre=context["centre"],
            title=fill(title, context) or "文书",
            number=context["number"],
            paragraphs=[p.strip() for p in text.split("\n\n") if p.strip()],
            particulars=[(label, fill(value, context)) for label, value in particulars(fields)],
            issuer=context["centre"],
            issued_on=context["today"],
            verify_url="http://127.0.0.1:5000/verify/PREVIEW",
            verification_code="样例-仅供预览",
            notes=["【预览】以上内容为样例数据，不是真实文书。"],
        )
    )


def _unknown(*texts: str) -> list[str]:
    names: list[str] = []
    for text in texts:
        names += [n for n in unknown_names(text, SAMPLE_CONTEXT) if not n.startswith(("form.", "decisions."))]
    return names


class DocumentTemplateView(TranslatedLabels, AdminOnly, ModelView):
    """文书模板: the wording per kind (and per item, e.g. its certificate); 预览 renders a PDF on sample data."""

    column_list = ("kind", "item", "title", "updated_at")
    column_labels = {"kind": "文书", "item": "事项（空=全部）", "title": "标题", "body": "正文", "fields": "信息栏"}
    column_formatters = {
        "kind": _kind_label,
        "title": lambda v, c, m, n: Markup(
            f'{m.title} · <a href="{url_for(".preview", template_id=m.id)}" target="_blank">预览</a>'
        ),
    }
    form_columns = ("kind", "item", "title", "body", "fields")
    form_overrides = {"kind": SelectField, "body": TextAreaField, "fields": TextAreaField}
    form_args = {
        "kind": {"choices": list(kinds.LABELS.items()), "label": "文书"},
        "body": {
            "description": "空一行分段。可用 {{ applicant }} {{ item }} {{ tracking_number }} {{ reason }} "
            "{{ form.字段 }} 等占位符。",
        },
        "fields": {"description": "每行一项：“名称: 内容”，如 证照编号: {{ number }}"},
    }
    form_widget_args = {"body": {"rows": 10}, "fields": {"rows": 8}}

    def on_form_prefill(self, form: Any, id: Any) -> None:  # noqa: A002 - Flask-Admin's name
        pass

    def create_form(self, obj: Any = None) -> Any:
        form = super().create_form(obj)
        kind = request.args.get("kind")
        if kind in kinds.BUILT_IN and not form.title.data:
            built_in = kinds.BUILT_IN[kind]
            form.kind.data, form.title.data, form.body.data, form.fields.data = kind, *built_in
        return form

    def on_model_change(self, form: Any, model: DocumentTemplate, is_created: bool) -> None:
        unknown = _unknown(model.title, model.body, model.fields)
        if unknown:
            flash("以下占位符不认识，生成文书时将留空：" + "、".join(unknown), "warning")

    @expose("/preview/<int:template_id>")
    def preview(self, template_id: int) -> Any:
        row = db.get_or_404(DocumentTemplate, template_id)
        return Response(_preview_pdf(row.title, row.body, row.fields), mimetype="application/pdf")

    @expose("/preview/built-in/<kind>")
    def preview_built_in(self, kind: str) -> Any:
        wording = kinds.BUILT_IN.get(kind)
        if wording is None:
            return "unknown kind", 404
        return Response(_preview_pdf(*wording), mimetype="application/pdf")

    @expose("/preview", methods=["POST"])
    def preview_draft(self) -> Any:
        """The form's unsaved wording as a PDF (the edit page's 预览 button posts here)."""
        form = request.form
        return Response(
            _preview_pdf(form.get("title", ""), form.get("body", ""), form.get("fields", "")),
            mimetype="application/pdf",
        )


class NotificationTemplateView(TranslatedLabels, AdminOnly, ModelView):
    """消息模板: an event's wording per channel and language; the built-in wording applies where there is none."""

    column_list = ("event", "channel", "locale", "subject", "updated_at")
    column_labels = {"event": "事件", "channel": "渠道", "locale": "语言", "subject": "标题", "body": "内容"}
    column_formatters = {
        "event": lambda v, c, m, n: EVENT_LABELS.get(m.event, m.event),
        "channel": lambda v, c, m, n: CHANNEL_WORDS.get(m.channel, m.channel),
    }
    form_columns = ("event", "channel", "locale", "subject", "body")
    form_overrides = {"event": SelectField, "channel": SelectField, "locale": SelectField, "body": TextAreaField}
    form_args = {
        "event": {"choices": [(e, EVENT_LABELS[e]) for e in EVENTS], "label": "事件"},
        "channel": {"choices": [(c, CHANNEL_WORDS[c]) for c in (ALL_CHANNELS, "sms", "email", "inbox")]},
        "locale": {"choices": [("zh_CN", "中文"), ("en", "English")]},
        "body": {"description": "可用 {{ centre }} {{ item }} {{ tracking_number }} {{ reason }} {{ due_date }} 等"},
    }

    def create_form(self, obj: Any = None) -> Any:
        form = super().create_form(obj)
        event, locale = request.args.get("event"), request.args.get("locale", "zh_CN")
        if event in EVENTS and locale in LOCALES and not form.body.data:
            _, zh, en = EVENTS[event]
            wording = en if locale == "en" else zh
            form.event.data, form.locale.data, form.subject.data, form.body.data = event, locale, *wording
        return form


class OutboxView(TranslatedLabels, AdminOnly, ModelView):
    """消息发件箱: every message with its state; failed ones can be sent again."""

    can_create = can_edit = can_delete = False
    can_view_details = True
    column_list = ("created_at", "event", "channel", "recipient", "subject", "state", "attempts", "last_error")
    column_labels = {
        "created_at": "时间",
        "event": "事件",
        "channel": "渠道",
        "recipient": "收件人",
        "subject": "标题",
        "state": "状态",
        "attempts": "尝试次数",
        "last_error": "错误",
        "body": "内容",
    }
    column_filters = ("state", "channel", "event")
    column_searchable_list = ("recipient", "body")
    column_default_sort = ("id", True)
    column_formatters = {
        "event": lambda v, c, m, n: EVENT_LABELS.get(m.event or "", m.event or "—"),
        "channel": lambda v, c, m, n: CHANNEL_WORDS.get(m.channel, m.channel),
        "state": lambda v, c, m, n: MESSAGE_STATES.get(m.state, m.state),
    }

    @action("retry", _l("重新发送"), _l("重新发送所选的失败消息？"))
    def action_retry(self, ids: list[str]) -> None:
        count = retry_failed([int(i) for i in ids])
        db.session.commit()
        flash(f"已重新排队 {count} 条失败消息")


def register_paperwork(admin: Admin) -> None:
    admin.add_view(
        CaseDocumentView(CaseDocument, db, name=_l("文书"), endpoint="case_documents", category=_l("文书与消息"))
    )
    admin.add_view(
        DocumentTemplateView(
            DocumentTemplate, db, name=_l("文书模板"), endpoint="document_templates", category=_l("文书与消息")
        )
    )
    admin.add_view(
        NotificationTemplateView(
            NotificationTemplate, db, name=_l("消息模板"), endpoint="message_templates", category=_l("文书与消息")
        )
    )
    admin.add_view(OutboxView(Notification, db, name=_l("消息发件箱"), endpoint="outbox", category=_l("文书与消息")))
