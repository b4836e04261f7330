"""Point 4 of issue 18: no published default key; development needs no set-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.secret_key import MissingSecretKey, resolve_secret_key


def test_production_without_a_key_refuses_to_start_and_says_how_to_set_one(tmp_path: Path) -> None:
    with pytest.raises(MissingSecretKey) as refused:
        resolve_secret_key(None, tmp_path, testing=False, development=False)
    assert "SECRET_KEY" in str(refused.value) and "export SECRET_KEY" in str(refused.value)
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("published", ["dev-only-secret-change-me", "change-me", "short"])
def test_published_or_short_keys_are_not_real_keys(tmp_path: Path, published: str) -> None:
    with pytest.raises(MissingSecretKey):
        resolve_secret_key(published, tmp_path, testing=False, development=False)


def test_a_real_key_is_used_as_given(tmp_path: Path) -> None:
    key = "x" * 40
    assert resolve_secret_key(key, tmp_path, testing=False, development=False) == key


def test_development_makes_one_key_and_keeps_it_across_restarts(tmp_path: Path) -> None:
    first = resolve_secret_key(None, tmp_path, testing=False, development=True)
    again = resolve_secret_key(None, tmp_path, testing=False, development=True)
    assert first == again and len(first) >= 32
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only
    # Production on the same machine may use the key an operator (or make run) left in the instance folder.
    assert resolve_secret_key(None, tmp_path, testing=False, development=False) == first
