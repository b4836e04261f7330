"""Which stored files each case names, kept in ``case_file`` when a case's data or a decision is stored.

Need to know for files reads the links (app/services/case_access.py), and the worker removes files no case names
after a grace period (app/services/upload_cleanup.py). Only references to files that exist are linked; a link is
never removed while its case exists (an older version of the data is still shown in the audit trail).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import CaseFile, StoredFile
from app.services.uploads import file_references


def link_case_files(application_id: int, data: Any) -> None:
    """Link the case to every stored file ``data`` names (nothing to do, and no query, when it names none)."""
    ids = set(file_references(data))
    if not ids:
        return
    existing = set(db.session.scalars(select(StoredFile.id).where(StoredFile.id.in_(ids))))
    linked = set(
        db.session.scalars(
            select(CaseFile.file_id).where(CaseFile.application_id == application_id, CaseFile.file_id.in_(ids))
        )
    )
    for file_id in sorted(existing - linked):
        db.session.add(CaseFile(application_id=application_id, file_id=file_id))
    db.session.flush()
