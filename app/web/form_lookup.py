"""Which compiled form belongs to an item version or a task (compiled once per immutable version)."""

from __future__ import annotations

from app.domain.lifecycle import APPLICANT_LANE
from app.models import HumanTask, ItemVersion
from app.services.platform_forms import PLATFORM_FORMS, PLATFORM_UI
from forms import CompiledForm, compile_form_cached


def application_form(version: ItemVersion) -> CompiledForm:
    return compile_form_cached(f"{version.cache_key}/form", version.form_schema, version.form_ui or None)


def decision_form(task: HumanTask) -> CompiledForm:
    version = task.application.item_version
    if task.lane == APPLICANT_LANE:
        return application_form(version)
    if task.element_id in PLATFORM_FORMS:
        return compile_form_cached(
            f"platform/{task.element_id}", PLATFORM_FORMS[task.element_id], PLATFORM_UI[task.element_id]
        )
    schema = (version.decision_forms or {}).get(task.form_file or "")
    if schema is None:
        schema = {"type": "object", "properties": {}}
    return compile_form_cached(f"{version.cache_key}/{task.form_file}", schema)
