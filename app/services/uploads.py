"""Keeping uploaded materials: content on disk (never base64 in the case row), a row naming its owner."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from app.domain.actors import Actor
from app.extensions import db
from app.models import CaseFile, StoredFile, User
from app.services.errors import NotFound
from forms.files import sniff_media_type

CHUNK = 1024 * 1024


def upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path_for(file_id: str) -> Path:
    return upload_dir() / file_id[:2] / file_id


def store_upload(owner: User, field_path: str, upload: Any) -> dict[str, Any]:
    """Save one upload (werkzeug FileStorage) for `owner` and return the reference the case JSON keeps."""
    file_id = uuid.uuid4().hex
    target = _path_for(file_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    upload.stream.seek(0)
    head = upload.stream.read(16)
    upload.stream.seek(0)
    with target.open("wb") as out:
        while chunk := upload.stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    name = Path(upload.filename or "upload").name[:255]
    row = StoredFile(
        id=file_id,
        owner_id=owner.id,
        field_path=field_path,
        name=name,
        media_type=sniff_media_type(head),
        size=size,
        sha256=digest.hexdigest(),
    )
    db.session.add(row)
    db.session.flush()
    return {"file_id": file_id, "name": name, "size": size, "media_type": row.media_type}


def file_references(data: Any) -> Iterable[str]:
    """Every file_id referenced anywhere in a case's JSON."""
    if isinstance(data, dict):
        if isinstance(data.get("file_id"), str) and {"name", "size"} <= data.keys():
            yield data["file_id"]
        for value in data.values():
            yield from file_references(value)
    elif isinstance(data, list):
        for value in data:
            yield from file_references(value)


def check_references_owned(
    owner: User | Actor, data: dict[str, Any], *, case_id: int | None = None
) -> dict[str, list[str]]:
    """A posted file reference must name a file this applicant uploaded (references travel in hidden inputs), or,
    with ``case_id``, one the case already has (a corrected application keeps the materials it had)."""
    ids = set(file_references(data))
    if not ids:
        return {}
    owned = set(
        db.session.scalars(select(StoredFile.id).where(StoredFile.id.in_(ids), StoredFile.owner_id == owner.id))
    )
    if case_id is not None and ids - owned:
        owned |= set(
            db.session.scalars(
                select(CaseFile.file_id).where(CaseFile.application_id == case_id, CaseFile.file_id.in_(ids - owned))
            )
        )
    missing = ids - owned
    return {"": [f"材料引用无效：{', '.join(sorted(missing))}"]} if missing else {}


def open_stored(file_id: str) -> tuple[StoredFile, Path]:
    row = db.session.get(StoredFile, file_id)
    path = _path_for(file_id)
    if row is None or not path.exists():
        raise NotFound("材料不存在")
    return row, path
