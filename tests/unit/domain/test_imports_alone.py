"""The domain rules import without Flask, SQLAlchemy or Flask-Migrate (issue 14): importing ``app`` loads nothing."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

FRAMEWORKS = ("flask", "flask_migrate", "flask_sqlalchemy", "sqlalchemy", "werkzeug", "SpiffWorkflow")


def test_every_domain_module_imports_without_the_frameworks():
    modules = sorted(p.stem for p in (REPO / "app" / "domain").glob("*.py") if p.stem != "__init__")
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module('app.domain.' + name)\n"
        f"print(','.join(m for m in {FRAMEWORKS!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"importing app.domain loaded {done.stdout.strip()}"
