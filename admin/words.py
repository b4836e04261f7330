"""The admin's own words in the UI language: Chinese first, English from app/translations (pybabel), like the rest
of the site. Flask-Admin's own strings ("List", "Create", "Save") come from its translations.

View names and menu categories are lazy (they are read when a page is drawn, in the visitor's language); column
labels are written in Chinese where each view declares them and translated when a page asks for them, so a view
added later speaks English as soon as its labels have an entry in the catalogue.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

__all__ = ["TranslatedLabels", "_l"]


class TranslatedLabels:
    """Mixin for a Flask-Admin model view: its column labels (list heads, filters, form labels) in the UI language."""

    column_labels: dict[str, Any] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Flask-Admin reads the labels once, when the view is set up (filters take them as they are): lazy strings
        # translate on every page instead.
        self.column_labels = {key: _l(str(label)) for key, label in (self.column_labels or {}).items()}
        super().__init__(*args, **kwargs)

    def get_column_name(self, field: str) -> Any:
        return _l(str(super().get_column_name(field)))  # type: ignore[misc]
