"""A user task's own limit in working days (环节时限), written on the task in the BPMN.

The admin's BPMN properties panel writes it as a SpiffArena extension property beside the decision form::

    <bpmn:extensionElements>
      <spiffworkflow:properties>
        <spiffworkflow:property name="formJsonSchemaFilename" value="review.schema.json" />
        <spiffworkflow:property name="limitDays" value="3" />
      </spiffworkflow:properties>
    </bpmn:extensionElements>

One attribute name, read here only: validation (publish time) and the runner (a ready task's limit) both call
:func:`step_limit_days`. A task without it runs on the case's limit; ``0`` means the step is due the day it opens.
"""

from __future__ import annotations

from collections.abc import Mapping

LIMIT_PROPERTY = "limitDays"
MAX_LIMIT_DAYS = 365


class StepLimitError(ValueError):
    """The property is there but is not a whole number of working days from 0 to MAX_LIMIT_DAYS."""

    def __init__(self, value: str) -> None:
        super().__init__(
            f"环节时限 {value!r} 应为 0–{MAX_LIMIT_DAYS} 的整数（工作日）"
            f" ({LIMIT_PROPERTY} {value!r} is not a number of working days, a whole number from 0 to {MAX_LIMIT_DAYS})"
        )
        self.value = value


def step_limit_days(properties: Mapping[str, str]) -> int | None:
    """The step's own limit in working days from the task's extension properties; None when it has none.

    Raises StepLimitError for a value that is not a whole number from 0 to MAX_LIMIT_DAYS (validation reports it
    at publish time, so a running case never meets one)."""
    raw = properties.get(LIMIT_PROPERTY)
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip()
    if not (text.isascii() and text.isdecimal()) or int(text) > MAX_LIMIT_DAYS:
        raise StepLimitError(text)
    return int(text)


def step_limit_or_none(properties: Mapping[str, str]) -> int | None:
    """Like :func:`step_limit_days`, but a bad value (only in a package published before validation knew the
    property) counts as no limit of its own, so a running case keeps running."""
    try:
        return step_limit_days(properties)
    except StepLimitError:
        return None
