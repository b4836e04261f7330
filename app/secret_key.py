"""The key that signs session cookies: never a published default.

A forged cookie signed with a key anyone can read in the source opens every page, so outside development and
tests the app refuses to start without a real key. Development (`make run`, which exports
``YICHUANG_ENV=development``, or ``flask run --debug``) needs no set-up: a random key is made once and kept in
``instance/secret_key``, so sessions survive a restart. Production reads ``SECRET_KEY`` from the environment, or
the same file if an operator put one there (Flask's tutorial keeps secrets in the instance folder too).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# Values that were published (an earlier default) or that people type as placeholders: never a real key.
KNOWN_WEAK = frozenset({"dev-only-secret-change-me", "change-me", "changeme", "secret", "dev", "development"})
MIN_LENGTH = 16
KEY_FILE = "secret_key"


class MissingSecretKey(RuntimeError):
    """Raised at start-up outside development and tests when no usable key is configured."""


def is_development(debug: bool) -> bool:
    return debug or os.environ.get("YICHUANG_ENV", "").strip().lower() in ("development", "dev")


def usable(key: object) -> bool:
    return isinstance(key, str | bytes) and len(key) >= MIN_LENGTH and key not in KNOWN_WEAK


def resolve_secret_key(configured: object, instance_dir: Path, *, testing: bool, development: bool) -> str | bytes:
    """The key to sign with: the configured one when it is real, else the instance file, else (development and
    tests only) a new random key written to the instance file; otherwise :class:`MissingSecretKey`."""
    if usable(configured):
        return configured  # type: ignore[return-value]
    if testing and configured:
        return configured  # type: ignore[return-value]  # a test's own short key ("test") signs only test cookies
    key_file = instance_dir / KEY_FILE
    if key_file.exists():
        stored = key_file.read_text(encoding="utf-8").strip()
        if usable(stored):
            return stored
    if testing:
        return secrets.token_hex(32)
    if development:
        return _write_key_file(key_file)
    raise MissingSecretKey(
        "未设置 SECRET_KEY：生产环境必须使用随机密钥，拒绝启动。请设置环境变量，例如\n"
        "  export SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_hex(32))')\"\n"
        f"或把密钥写入 {key_file}（仅本机可读）。开发环境请用 `make run`（YICHUANG_ENV=development）。\n"
        "SECRET_KEY is not set (or is a published placeholder): refusing to start outside development. Set it as "
        f"above, or put a random key in {key_file}; for development use `make run` (YICHUANG_ENV=development)."
    )


def _write_key_file(key_file: Path) -> str:
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created readable by its owner only; a second process starting at the same moment keeps the first key.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(key + "\n")
    return key
