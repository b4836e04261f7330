"""Admin pages of the district's service centres (服务中心) and their appointments (预约), platform admin only."""

from __future__ import annotations

from typing import Any

from wtforms.validators import ValidationError

from app.domain.booking_slots import HoursError, parse_hours
from app.domain.centres import LEVEL_LABELS_ZH, CentreLevel, format_levels, parse_levels
from app.models import BOOKING_STATE_LABELS, BookingState


def _level_label(view: Any, context: Any, model: Any, name: str) -> str:
    try:
        return LEVEL_LABELS_ZH[CentreLevel(getattr(model, name))]
    except ValueError:
        return str(getattr(model, name))


def check_centre(model: Any) -> None:
    """Refuse what would break the slots or the forwarding, naming the field."""
    try:
        parse_hours(model.hours)
    except HoursError as exc:
        raise ValidationError(f"办公时间：{exc}") from exc
    if not model.windows or model.windows < 1:
        raise ValidationError("窗口数：至少 1 个")
    if not model.slot_minutes or not 5 <= model.slot_minutes <= 240:
        raise ValidationError("预约时段长度：5 到 240 分钟")
    parent, seen = model.parent, {model.id}
    while parent is not None:
        if parent.id in seen:
            raise ValidationError("上级中心：不能是本中心或其下级中心")
        seen.add(parent.id)
        parent = parent.parent
    if model.receive_only and model.parent is None:
        raise ValidationError("只代收代办的中心须有上级中心（转交受理）")


def check_accept_levels(text: str | None) -> str:
    """The admin's typed levels, normalised; a ValidationError naming the bad word."""
    try:
        return format_levels(parse_levels(text))
    except ValueError as exc:
        raise ValidationError(f"受理层级：{exc}") from exc


CENTRE_LABELS = {
    "code": "中心编码",
    "name": "中心名称",
    "level": "层级",
    "parent": "上级中心",
    "address": "地址",
    "phone": "咨询电话",
    "hours": "办公时间（工作日）",
    "windows": "可预约窗口数",
    "slot_minutes": "预约时段长度（分钟）",
    "receive_only": "只代收代办（转交上级受理）",
    "active": "启用",
}

CENTRE_DESCRIPTIONS = {
    "hours": "例如 09:00-12:00,13:30-17:00；节假日按工作日历自动不开放预约",
    "windows": "每个预约时段可接待的人数",
    "receive_only": "社区（村）便民服务站：收件后转交上级中心正式受理，办件上同时显示两者",
}

CENTRE_CHOICES = {"level": [(level.value, LEVEL_LABELS_ZH[level]) for level in CentreLevel]}

BOOKING_LABELS = {
    "number": "预约号",
    "centre": "服务中心",
    "item": "事项",
    "name": "预约人",
    "phone": "手机",
    "day": "日期",
    "starts": "开始",
    "ends": "结束",
    "state": "状态",
    "created_at": "预约时间",
    "checked_in_at": "签到时间",
}


def _booking_state(view: Any, context: Any, model: Any, name: str) -> str:
    try:
        return BOOKING_STATE_LABELS[BookingState(model.state)]
    except ValueError:
        return str(model.state)


LEVEL_FORMATTER = {"level": _level_label}
BOOKING_FORMATTERS = {"state": _booking_state}
