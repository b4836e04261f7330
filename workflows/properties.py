"""The extension properties Yichuang reads from an item's BPMN, and what values they may take.

They are SpiffArena's ``<spiffworkflow:properties><spiffworkflow:property name=… value=…/>`` on a task or event:
the modeler's properties panel writes them, the publish checks (:mod:`workflows.validation`) and the engine
(:mod:`workflows.runner`, :mod:`workflows.timers`) read them through the names below, so what the panel writes is
what publishing and running read.
"""

from __future__ import annotations

import re

DECISION_FORM = "formJsonSchemaFilename"  # user task: its decision form's file name
DECISION_UI = "formUiSchemaFilename"  # user task: the decision form's ui hints (optional)
STEP_LIMIT = "limitDays"  # user task: the step's own limit in working days (the case's limit still applies)
WORKING_DAYS = "workingDays"  # timer event: "true" counts the timer's P<n>D duration in working days

MAX_STEP_LIMIT = 365  # working days; a step's limit beyond a year is a typo
_WHOLE_DAYS = re.compile(r"^[\"']?P(\d+)D[\"']?$")


def step_limit(value: str | None) -> int | None:
    """The step limit in working days a ``limitDays`` value gives, or None when it is absent or not one."""
    text = (value or "").strip()
    if not text.isdigit():
        return None
    days = int(text)
    return days if 1 <= days <= MAX_STEP_LIMIT else None


def step_limit_problem(value: str) -> str | None:
    """Why a ``limitDays`` value cannot be used, in Chinese, or None when it is a valid limit."""
    if step_limit(value) is None:
        return f"步骤时限 {value.strip()!r} 须为 1 至 {MAX_STEP_LIMIT} 之间的整数（工作日）"
    return None


def whole_days(expression: str) -> int | None:
    """The number of days of a ``P<n>D`` duration (bare or quoted), the only form a working-day timer takes."""
    match = _WHOLE_DAYS.match((expression or "").strip())
    return int(match.group(1)) if match else None


def is_working_days(properties: dict[str, str]) -> bool:
    return (properties.get(WORKING_DAYS) or "").strip().lower() == "true"
