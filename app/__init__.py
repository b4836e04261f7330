"""Yichuang (一窗): `flask --app app run` finds :func:`create_app` here.

Importing this package loads nothing else, so the pure domain rules (``app.domain``) import without Flask,
SQLAlchemy or Flask-Migrate (their unit tests run in milliseconds); the factory and its imports are in
app/factory.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The application (see :func:`app.factory.create_app`)."""
    from app.factory import create_app as build

    return build(test_config)
