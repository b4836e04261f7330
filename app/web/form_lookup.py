"""Which compiled form belongs to an item version or a task (compiled once per immutable version)."""

from __future__ import annotations

from typing import Any

from app.domain.lifecycle import APPLICANT_LANE
from app.models import HumanTask, ItemVersion
from app.services.catalog import decision_ui
from app.services.platform_forms import PLATFORM_FORMS, PLATFORM_UI
from forms import CompiledForm, cached_form, compile_form_cached


def application_form(version: ItemVersion) -> CompiledForm:
    # Versions are immutable: the schema is read from the database only when this process has not compiled it.
    return cached_form(f"{version.cache_key}/form", lambda: (version.form_schema, version.form_ui or None))


def decision_form(task: HumanTask) -> CompiledForm:
    version = task.application.item_version
    if task.lane == APPLICANT_LANE:
        return application_form(version)
    if task.element_id in PLATFORM_FORMS:
        return compile_form_cached(
            f"platform/{task.element_id}", PLATFORM_FORMS[task.element_id], PLATFORM_UI[task.element_id]
        )

    def load() -> tuple[dict[str, Any], dict[str, Any] | None]:
        schema = (version.decision_forms or {}).get(task.form_file or "")
        return (schema if schema is not None else {"type": "object", "properties": {}}), decision_ui(schema)

    return cached_form(f"{version.cache_key}/{task.form_file}", load)
