"""The platform's one-window process (``one_window.bpmn``) and the forms its steps name (``*.schema.json``, with
ui hints in ``*.ui.json``): the one source for both, read by the engine and the services alike."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def platform_form(form_file: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The schema a platform step names in one_window.bpmn (e.g. ``window_review.schema.json``) and its ui hints
    (``window_review.ui.json``, None when there is no such file). FileNotFoundError for a name not shipped here."""
    folder = resources.files(__name__)
    schema = json.loads(folder.joinpath(form_file).read_text(encoding="utf-8"))
    ui_file = folder.joinpath(form_file.removesuffix(".schema.json") + ".ui.json")
    ui = json.loads(ui_file.read_text(encoding="utf-8")) if ui_file.is_file() else None
    return schema, ui
