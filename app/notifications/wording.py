# ruff: noqa: E501 - a message reads best on one line, as it is sent
"""The built-in wording of every event, in Chinese and English; admins override it per event, channel and
language (table notification_template, admin page 消息模板)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import bindparam, select

from app.domain.placeholders import fill
from app.extensions import db
from app.models import NotificationTemplate

LOCALES = ("zh_CN", "en")
ALL_CHANNELS = "all"  # an admin's template for every channel of an event


class Wording(NamedTuple):
    subject: str
    body: str


# event -> (who it is for, zh_CN wording, English wording)
EVENTS: dict[str, tuple[str, Wording, Wording]] = {
    "submitted": (
        "applicant",
        Wording(
            "申请已提交：{{ item }}",
            "【{{ centre }}】您的“{{ item }}”申请已提交，受理编号 {{ tracking_number }}，窗口将在1个工作日内审查。",
        ),
        Wording(
            "Application received: {{ item }}",
            "[{{ centre }}] Your application for {{ item }} was received. Tracking number {{ tracking_number }}; the window reviews it within one working day.",
        ),
    ),
    "accepted": (
        "applicant",
        Wording(
            "已受理：{{ item }}",
            "【{{ centre }}】您的“{{ item }}”申请（{{ tracking_number }}）已受理，承诺办结日期 {{ due_date }}。受理回执可在“我的办件”下载。",
        ),
        Wording(
            "Accepted: {{ item }}",
            "[{{ centre }}] Your application {{ tracking_number }} for {{ item }} was accepted; promised by {{ due_date }}. The receipt is under My applications.",
        ),
    ),
    "supplement_requested": (
        "applicant",
        Wording(
            "请补正材料：{{ item }}",
            "【{{ centre }}】您的“{{ item }}”申请（{{ tracking_number }}）需补正：{{ reason }}。请登录“我的办件”一次性补正。",
        ),
        Wording(
            "Please complete your application: {{ item }}",
            "[{{ centre }}] Your application {{ tracking_number }} for {{ item }} needs more: {{ reason }}. Please complete it under My applications.",
        ),
    ),
    "declined": (
        "applicant",
        Wording(
            "不予受理：{{ item }}",
            "【{{ centre }}】很抱歉，您的“{{ item }}”申请（{{ tracking_number }}）不予受理：{{ reason }}。不予受理通知书可在“我的办件”下载。",
        ),
        Wording(
            "Not accepted: {{ item }}",
            "[{{ centre }}] Your application {{ tracking_number }} for {{ item }} was not accepted: {{ reason }}. The notice is under My applications.",
        ),
    ),
    "department_decided": (
        "applicant",
        Wording(
            "{{ department }}已审批：{{ item }}",
            "【{{ centre }}】您的“{{ item }}”申请（{{ tracking_number }}）{{ department }}已完成审批：{{ decision }}。",
        ),
        Wording(
            "{{ department }} has decided: {{ item }}",
            "[{{ centre }}] {{ department }} has decided on your application {{ tracking_number }} ({{ item }}): {{ decision }}.",
        ),
    ),
    "fee_assessed": (
        "applicant",
        Wording(
            "请缴费：{{ item }}",
            "【{{ centre }}】您的“{{ item }}”申请（{{ tracking_number }}）应缴费用 {{ amount }} 元，缴款码 {{ payment_code }}，可在窗口或网上缴纳。",
        ),
        Wording(
            "Fee due: {{ item }}",
            "[{{ centre }}] A fee of CNY {{ amount }} is due for {{ tracking_number }} ({{ item }}); payment code {{ payment_code }}.",
        ),
    ),
    "result_ready": (
        "applicant",
        Wording(
            "办理结果已出：{{ item }}",
            "【{{ centre }}】您的“{{ item }}”申请（{{ tracking_number }}）已办结：{{ outcome }}。请凭受理编号到出件窗口领取，电子文书可在“我的办件”下载。",
        ),
        Wording(
            "Result ready: {{ item }}",
            "[{{ centre }}] Your application {{ tracking_number }} for {{ item }} is decided: {{ outcome }}. Collect it at the output window or download it under My applications.",
        ),
    ),
    "result_mailed": (
        "applicant",
        Wording(
            "办理结果已寄出：{{ item }}",
            "【{{ centre }}】您的“{{ item }}”办理结果（{{ tracking_number }}）已寄出，请注意查收。",
        ),
        Wording(
            "Result mailed: {{ item }}",
            "[{{ centre }}] The result of {{ tracking_number }} ({{ item }}) has been mailed to you.",
        ),
    ),
    "rating_invited": (
        "applicant",
        Wording(
            "请评价本次服务",
            "【{{ centre }}】您的“{{ item }}”（{{ tracking_number }}）已办结，欢迎对本次服务作出评价：{{ url }}",
        ),
        Wording(
            "Please rate our service",
            "[{{ centre }}] {{ tracking_number }} ({{ item }}) is finished. Please rate our service: {{ url }}",
        ),
    ),
    "task_assigned": (
        "staff",
        Wording(
            "新任务：{{ task }}",
            "【{{ centre }}】新任务“{{ task }}”：{{ item }}（{{ tracking_number }}），请于 {{ due_date }} 前办理。",
        ),
        Wording(
            "New task: {{ task }}",
            "[{{ centre }}] New task {{ task }}: {{ item }} ({{ tracking_number }}), due {{ due_date }}.",
        ),
    ),
    "step_due_soon": (
        "staff",
        Wording(
            "即将超期：{{ task }}",
            "【{{ centre }}】“{{ task }}”（{{ item }}，{{ tracking_number }}）将于 {{ due_date }} 到期，请尽快办理。",
        ),
        Wording(
            "Due soon: {{ task }}",
            "[{{ centre }}] {{ task }} ({{ item }}, {{ tracking_number }}) is due {{ due_date }}.",
        ),
    ),
    "step_overdue": (
        "staff",
        Wording(
            "已超期：{{ task }}",
            "【{{ centre }}】“{{ task }}”（{{ item }}，{{ tracking_number }}）已于 {{ due_date }} 到期未办结，已列入效能监察。",
        ),
        Wording(
            "Overdue: {{ task }}",
            "[{{ centre }}] {{ task }} ({{ item }}, {{ tracking_number }}) was due {{ due_date }} and is now overdue; supervision has been told.",
        ),
    ),
    "supplement_answered": (
        "staff",
        Wording(
            "申请人已补正：{{ task }}",
            "【{{ centre }}】“{{ item }}”（{{ tracking_number }}）的申请人已按要求补正，“{{ task }}”恢复计时，请继续办理。",
        ),
        Wording(
            "Supplement received: {{ task }}",
            "[{{ centre }}] The applicant of {{ item }} ({{ tracking_number }}) has supplied what {{ task }} asked for; its clock runs again.",
        ),
    ),
    "supervision_digest": (
        "staff",
        Wording(
            "效能监察日报：{{ department }}",
            "【{{ centre }}】{{ department }} {{ day }}：即将到期 {{ yellow }} 件，已超期 {{ red }} 件。详见效能监察。",
        ),
        Wording(
            "Supervision digest: {{ department }}",
            "[{{ centre }}] {{ department }} on {{ day }}: {{ yellow }} step(s) due today, {{ red }} overdue. See Supervision.",
        ),
    ),
    "booking_made": (
        "citizen",
        Wording(
            "预约成功：{{ item }}",
            "【{{ centre }}】您已预约 {{ day }} {{ slot }} 在{{ place }}办理“{{ item }}”，预约号 {{ number }}。请携带身份证件和申请材料按时到场，如不能前往请提前取消。",
        ),
        Wording(
            "Appointment booked: {{ item }}",
            "[{{ centre }}] You booked {{ day }} {{ slot }} at {{ place }} for {{ item }}; booking number {{ number }}. Please bring your ID and materials on time, or cancel in advance.",
        ),
    ),
    "booking_reminder": (
        "citizen",
        Wording(
            "预约提醒：{{ item }}",
            "【{{ centre }}】提醒：您预约了 {{ day }} {{ slot }} 在{{ place }}（{{ address }}）办理“{{ item }}”，预约号 {{ number }}。到场后请在窗口出示预约号签到。",
        ),
        Wording(
            "Reminder: {{ item }}",
            "[{{ centre }}] Reminder: your appointment {{ number }} for {{ item }} is on {{ day }} {{ slot }} at {{ place }} ({{ address }}). Show the booking number at the window to check in.",
        ),
    ),
    "booking_cancelled": (
        "citizen",
        Wording(
            "预约已取消：{{ item }}",
            "【{{ centre }}】您 {{ day }} {{ slot }} 在{{ place }}办理“{{ item }}”的预约（{{ number }}）已取消。",
        ),
        Wording(
            "Appointment cancelled: {{ item }}",
            "[{{ centre }}] Your appointment {{ number }} for {{ item }} on {{ day }} {{ slot }} at {{ place }} is cancelled.",
        ),
    ),
}

EVENT_LABELS = {
    "submitted": "申请已提交",
    "accepted": "已受理",
    "supplement_requested": "一次性告知补正",
    "declined": "不予受理",
    "department_decided": "部门审批完成",
    "fee_assessed": "缴费通知",
    "result_ready": "办结出件",
    "result_mailed": "结果已寄出",
    "rating_invited": "邀请评价",
    "task_assigned": "新任务（工作人员）",
    "supplement_answered": "申请人已补正（工作人员）",
    "step_due_soon": "即将超期（工作人员）",
    "step_overdue": "已超期（工作人员、监察）",
    "supervision_digest": "效能监察日报（部门）",
    "supervision_alert": "监察预警（工作人员）",
    "booking_made": "预约成功",
    "booking_reminder": "预约提醒",
    "booking_cancelled": "预约已取消",
}


def wording(event: str, channel: str, locale: str) -> Wording:
    """The admin's template for the event, channel and language, else theirs for all channels, else built in."""
    locale = locale if locale in LOCALES else "zh_CN"
    overrides = _overrides(locale)
    for wanted in (channel, ALL_CHANNELS):
        found = overrides.get((event, wanted))
        if found is not None:
            return found
    _, zh, en = EVENTS[event]
    return en if locale == "en" else zh


_TEMPLATES_OF_LOCALE = select(
    NotificationTemplate.event, NotificationTemplate.channel, NotificationTemplate.subject, NotificationTemplate.body
).where(NotificationTemplate.locale == bindparam("locale"))
_OVERRIDES = "notification_wording"  # session.info key: (the transaction, {locale: {(event, channel): Wording}})


def _overrides(locale: str) -> dict[tuple[str, str], Wording]:
    """The admins' templates of ``locale``, read once per transaction: one step tells several people about
    several events, and each message would otherwise cost a query of a table that rarely has more than a few
    dozen rows. A new transaction (the next request, the worker's next job) reads them again."""
    session = db.session()
    store = session.info.get(_OVERRIDES)
    transaction = session.get_transaction()
    if store is not None and transaction is not None and store[0] is transaction and locale in store[1]:
        return store[1][locale]
    # Core on the session's connection: plain columns, and the ORM's execution path cost several times the query.
    rows = session.connection().execute(_TEMPLATES_OF_LOCALE, {"locale": locale}).all()
    transaction = session.get_transaction()
    if store is None or store[0] is not transaction:
        store = session.info[_OVERRIDES] = (transaction, {})
    found = store[1][locale] = {(row.event, row.channel): Wording(row.subject or "", row.body) for row in rows}
    return found


def render(event: str, channel: str, locale: str, context: dict[str, object]) -> Wording:
    template = wording(event, channel, locale)
    return Wording(fill(template.subject, context), fill(template.body, context))
