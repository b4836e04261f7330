"""Static files that go with rendered forms (the app serves them)."""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
FORMS_JS = STATIC_DIR / "forms.js"
FORMS_CSS = STATIC_DIR / "forms.css"
