"""Open cases counted per lead department and due date, kept exact by app/services/case_tally.py."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

# A case not accepted yet has no due date; the tally counts it under the last date there is, so it falls into
# green exactly like `due_date IS NULL` does on the application table. Migration 0007 writes the same date.
UNACCEPTED_DUE_DATE = date(9999, 12, 31)


class OpenCaseTally(Base):
    """How many open cases of a lead department are due on a date: the supervision counts read these rows, so
    their cost follows departments times due dates, not the number of cases."""

    __tablename__ = "open_case_tally"

    # A department with open cases cannot be deleted (its items refer to it); its rows at zero go with it.
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"), primary_key=True)
    due_date: Mapped[date] = mapped_column(primary_key=True)
    open_cases: Mapped[int] = mapped_column(default=0)
