"""Point 4 of issue 18: the app factory itself refuses a missing or published key outside development."""

from __future__ import annotations

from pathlib import Path

import pytest

import app.factory as app_package  # where create_app reads INSTANCE_DIR
from app.secret_key import MissingSecretKey


@pytest.fixture
def empty_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(app_package, "INSTANCE_DIR", tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("YICHUANG_ENV", raising=False)
    return tmp_path


def test_production_app_without_secret_key_does_not_start(empty_instance: Path, database_url: str) -> None:
    with pytest.raises(MissingSecretKey, match="SECRET_KEY"):
        app_package.create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def test_production_app_refuses_the_old_published_default(empty_instance: Path, database_url: str) -> None:
    with pytest.raises(MissingSecretKey):
        app_package.create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "dev-only-secret-change-me"})


def test_development_app_starts_with_zero_set_up(
    empty_instance: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YICHUANG_ENV", "development")
    first = app_package.create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    second = app_package.create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert first.secret_key == second.secret_key
    assert (empty_instance / "secret_key").exists()
    assert first.config["SESSION_COOKIE_SECURE"] is False  # the dev server speaks plain HTTP


def test_production_cookies_are_secure_and_same_site(empty_instance: Path, database_url: str) -> None:
    production = app_package.create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "k" * 40})
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"
