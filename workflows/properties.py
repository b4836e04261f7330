"""The extension properties Yichuang reads from an item's BPMN, and what values they may take.

They are SpiffArena's ``<spiffworkflow:properties><spiffworkflow:property name=… value=…/>`` on a task or event:
the modeler's properties panel writes them, the publish checks (:mod:`workflows.validation`) and the engine
(:mod:`workflows.runner`, :mod:`workflows.timers`) read them through the names below, so what the panel writes is
what publishing and running read. A user task's own limit in working days (``limitDays``) is read by
:mod:`workflows.step_limits` (the clock's), which the panel writes too.
"""

from __future__ import annotations

import re

DECISION_FORM = "formJsonSchemaFilename"  # user task: its decision form's file name
DECISION_UI = "formUiSchemaFilename"  # user task: the decision form's ui hints (optional)
WORKING_DAYS = "workingDays"  # timer event: "true" counts the timer's P<n>D duration in working days

_WHOLE_DAYS = re.compile(r"^[\"']?P(\d+)D[\"']?$")


def whole_days(expression: str) -> int | None:
    """The number of days of a ``P<n>D`` duration (bare or quoted), the only form a working-day timer takes."""
    match = _WHOLE_DAYS.match((expression or "").strip())
    return int(match.group(1)) if match else None


def is_working_days(properties: dict[str, str]) -> bool:
    return (properties.get(WORKING_DAYS) or "").strip().lower() == "true"
