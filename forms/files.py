"""Uploaded materials: sniff the real type from the first bytes, check limits, hand over to storage."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, BinaryIO, Protocol

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
TYPE_NAMES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}
REFERENCE_KEYS = frozenset({"file_id", "name", "size", "media_type"})


class Upload(Protocol):
    """What parse needs from an upload: werkzeug's FileStorage fits."""

    filename: str | None
    stream: BinaryIO


StoreFile = Callable[[str, Any], dict[str, Any]]


def sniff_media_type(head: bytes) -> str:
    """The media type told by the content's magic bytes, or application/octet-stream."""
    for magic, media_type in MAGIC:
        if head.startswith(magic):
            return media_type
    return "application/octet-stream"


def upload_size(upload: Upload) -> int:
    """Size in bytes, measured on the stream (the client's Content-Length is not trusted)."""
    stream = upload.stream
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size


def read_head(upload: Upload, count: int = 16) -> bytes:
    stream = upload.stream
    position = stream.tell()
    stream.seek(0)
    head = stream.read(count)
    stream.seek(position)
    return head


def accepts(accepted: tuple[str, ...], media_type: str) -> bool:
    """Whether ``media_type`` matches one of the accepted types ("image/*" works too)."""
    if not accepted:
        return True
    for pattern in accepted:
        if pattern == media_type or pattern.endswith("/*") and media_type.startswith(pattern[:-1]):
            return True
    return False


def human_size(size: int) -> str:
    """1536 -> "1.5 KB"."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def type_names(accepted: tuple[str, ...]) -> str:
    return "/".join(TYPE_NAMES.get(item, item) for item in accepted)


def load_reference(text: str) -> dict[str, Any] | None:
    """A file reference posted back in a hidden input, or None when it is not one."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict) or "file_id" not in value or set(value) - REFERENCE_KEYS:
        return None
    return value


def dump_reference(reference: dict[str, Any]) -> str:
    return json.dumps(reference, ensure_ascii=False, sort_keys=True)


def is_reference(value: Any) -> bool:
    return isinstance(value, dict) and "file_id" in value and not set(value) - REFERENCE_KEYS
