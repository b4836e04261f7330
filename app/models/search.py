"""What each case can be found by (app/domain/search_terms.py): one row per (case, kind, value).

Identifiers (ID number, mobile, credit code) and short names are looked up by their exact value, newest case first
straight from the index (the case's submission time is kept on the row for that); a name from three characters
on matches any part of a name through a trigram index on PostgreSQL (migration 0020_hall_case_search).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class CaseSearchTerm(Base):
    __tablename__ = "case_search_term"
    __table_args__ = (
        Index("ix_case_search_term_value", "value", "submitted_at", "application_id"),
        Index(
            "ix_case_search_term_name_trgm",
            "value",
            postgresql_using="gin",
            postgresql_ops={"value": "gin_trgm_ops"},
            postgresql_where=text("kind = 'name'"),
            sqlite_where=text("kind = 'name'"),
        ),
    )

    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # name, id_number, mobile, credit_code
    value: Mapped[str] = mapped_column(String(200), primary_key=True)
    submitted_at: Mapped[datetime]  # the case's, so "newest first" is read from the index
