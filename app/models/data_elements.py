"""Data elements (数据元): fields defined once (applicant name, resident ID, credit code…) that many item forms
reference, so bundles ask them once and the portal can prefill them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, JsonDoc, utcnow
from app.models.people import Department
from forms.elements import ElementDefinition


class PrefillSource(enum.StrEnum):
    """Where the portal and the window take a first value for an element's field from."""

    NONE = "none"
    PROFILE = "profile"  # the citizen's profile: their account and what they submitted before
    LATEST_CASE = "latest_case"  # the value in the citizen's latest earlier case that asked for it


PREFILL_LABELS = {
    PrefillSource.NONE: "不预填",
    PrefillSource.PROFILE: "申请人档案（账户及以往提交的信息）",
    PrefillSource.LATEST_CASE: "申请人最近一次办件中的填写值",
}


class DataElement(Base):
    __tablename__ = "data_element"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    label_en: Mapped[str] = mapped_column(String(100), default="")
    help: Mapped[str] = mapped_column(Text, default="")
    # The JSON Schema fragment of the field: type, format, limits, enum / oneOf with titles.
    schema: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    personal: Mapped[bool] = mapped_column(default=False)
    prefill: Mapped[str] = mapped_column(String(16), default=PrefillSource.NONE.value)
    # The department whose admins may edit it; None: the platform's own (only the platform admin edits it).
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    department: Mapped[Department | None] = relationship()

    def definition(self) -> ElementDefinition:
        return ElementDefinition(
            key=self.key, schema=self.schema, label=self.label, help=self.help or "", label_en=self.label_en or ""
        )

    def __str__(self) -> str:
        return f"{self.label}（{self.key}）"
