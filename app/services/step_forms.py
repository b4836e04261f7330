"""Which compiled form belongs to an item version or a step (compiled once per immutable version): the form a
submission and a decision are validated against, by the page, the API and the case services alike."""

from __future__ import annotations

from typing import Any

from app.domain.immediate import IMMEDIATE_REVIEW_FORM
from app.domain.lifecycle import APPLICANT_LANE, OUTPUT_LANE, WINDOW_LANE
from app.domain.one_window import WINDOW_REVIEW
from app.models import HumanTask, ItemKind, ItemVersion
from app.services.catalog import decision_ui
from forms import CompiledForm, cached_form
from forms.elements import localised_schema
from forms.messages import DEFAULT_LOCALE
from workflows.platform import platform_form

BUNDLE_FORM_PREFIX = "bundle_"  # a bundle's own window form, kept with its version (workflows/bundle_process.py)


def application_form(version: ItemVersion, locale: str = DEFAULT_LOCALE) -> CompiledForm:
    """``locale``: the language the form is shown in; in English its data element fields carry the elements'
    English names (forms.elements.localised_schema). Every locale's form validates alike."""
    # Versions are immutable: the schema is read from the database only when this process has not compiled it.
    if not locale.lower().startswith("en"):
        return cached_form(f"{version.cache_key}/form", lambda: (version.form_schema, version.form_ui or None))
    return cached_form(
        f"{version.cache_key}/form@en", lambda: (localised_schema(version.form_schema, "en"), version.form_ui or None)
    )


def decides_at_window(task: HumanTask) -> bool:
    """Whether ``task`` is an immediate item's acceptance step, where the window decides the case (即办件)."""
    return task.element_id == WINDOW_REVIEW and task.application.item_version.item.kind == ItemKind.IMMEDIATE.value


def decision_form(task: HumanTask) -> CompiledForm:
    """The form ``task``'s decision must fill: the application form for a supplement answer, the platform's own
    form for a window or output step (named in one_window.bpmn), else the form the item's BPMN names."""
    version = task.application.item_version
    if task.lane == APPLICANT_LANE:
        return application_form(version)
    if task.lane in (WINDOW_LANE, OUTPUT_LANE) and not (task.form_file or "").startswith(BUNDLE_FORM_PREFIX):
        form_file = task.form_file or ""
        if decides_at_window(task):  # 即办件: the acceptance step is also the decision
            form_file = IMMEDIATE_REVIEW_FORM
        return cached_form(f"platform/{form_file}", lambda: platform_form(form_file))

    def load() -> tuple[dict[str, Any], dict[str, Any] | None]:
        schema = (version.decision_forms or {}).get(task.form_file or "")
        return (schema if schema is not None else {"type": "object", "properties": {}}), decision_ui(schema)

    return cached_form(f"{version.cache_key}/{task.form_file}", load)
