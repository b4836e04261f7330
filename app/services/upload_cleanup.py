"""Uploads no case names: removed by the worker after a grace period, and capped per applicant meanwhile.

A refused submission keeps its uploads (the applicant should not have to upload them again when they fix a field),
so files can pile up without a case: the worker removes those older than ``UPLOAD_GRACE_HOURS`` (24 by default),
and each applicant may hold at most ``UPLOAD_UNREFERENCED_MB`` (100 by default) of files no case names yet.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext
from sqlalchemy import delete, exists, func, select

from app.extensions import db
from app.models import CaseFile, StoredFile
from app.models.base import utcnow

log = logging.getLogger(__name__)
BATCH = 200

_UNREFERENCED = ~exists().where(CaseFile.file_id == StoredFile.id)


def unreferenced_bytes(owner_id: int) -> int:
    total = db.session.scalar(
        select(func.coalesce(func.sum(StoredFile.size), 0)).where(StoredFile.owner_id == owner_id, _UNREFERENCED)
    )
    return int(total or 0)


def upload_quota_problem(owner_id: int, incoming: int) -> str | None:
    """Why ``incoming`` more bytes cannot be kept for this applicant (their files not yet in any case would pass
    the cap), or None."""
    cap_mb = int(current_app.config["UPLOAD_UNREFERENCED_MB"])
    held = unreferenced_bytes(owner_id)
    if held + incoming <= cap_mb * 1024 * 1024:
        return None
    grace = current_app.config["UPLOAD_GRACE_HOURS"]
    return gettext(
        "材料未保存：您已上传但尚未随申请提交的材料共 %(held)s MB，本次又上传 %(incoming)s MB，超过 %(cap)s MB 的"
        "上限。请先提交申请，或等未使用的材料在 %(grace)s 小时后自动清除。",
        held=f"{held / (1024 * 1024):.1f}",
        incoming=f"{incoming / (1024 * 1024):.1f}",
        cap=cap_mb,
        grace=f"{grace:g}",
    )


def remove_unreferenced_uploads(now: datetime | None = None, limit: int = BATCH) -> int:
    """Delete (rows, then the files on disk) uploads no case names that are older than the grace period; commits.
    Several workers may run it at once: each file is deleted by whichever DELETE removes its row."""
    cutoff = (now or utcnow()) - timedelta(hours=float(current_app.config["UPLOAD_GRACE_HOURS"]))
    candidates = db.session.scalars(
        select(StoredFile.id)
        .where(StoredFile.created_at < cutoff, _UNREFERENCED)
        .order_by(StoredFile.created_at)
        .limit(limit)
    ).all()
    removed: list[str] = []
    for file_id in candidates:
        gone = db.session.execute(
            delete(StoredFile)
            .where(StoredFile.id == file_id, _UNREFERENCED)
            .execution_options(synchronize_session=False)
        )
        if gone.rowcount == 1:  # type: ignore[attr-defined]
            removed.append(file_id)
    db.session.commit()
    root = Path(current_app.config["UPLOAD_DIR"])
    for file_id in removed:
        try:
            (root / file_id[:2] / file_id).unlink(missing_ok=True)
        except OSError:
            log.exception("could not remove upload %s from disk", file_id)
    return len(removed)
