"""Applications (cases), the projection of their ready BPMN user tasks, and the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.lifecycle import OPEN_TASK_STATES, TaskState
from app.models.base import Base, JsonDoc, in_constants, sql_strings, utcnow
from app.models.catalog import ItemVersion
from app.models.centres import Centre
from app.models.people import Department, User

_OPEN_TASK_PREDICATE = f"state IN ({sql_strings(OPEN_TASK_STATES)})"
_OPEN_TASK = {"postgresql_where": text(_OPEN_TASK_PREDICATE), "sqlite_where": text(_OPEN_TASK_PREDICATE)}
_OPEN_CASE = {"postgresql_where": text("finished_at IS NULL"), "sqlite_where": text("finished_at IS NULL")}
# A centre's figures (the centre that accepts a case, or the station that took it in) read from the same index
# entries as the district's, without a visit to each case (PostgreSQL's INCLUDE; migration 0025).
_CENTRES = ["centre_id", "received_centre_id"]


class Application(Base):
    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("applicant_id", "submission_token", name="uq_application_submission"),
        Index("ix_application_applicant_submitted", "applicant_id", "submitted_at"),
        Index("ix_application_open_version_due", "item_version_id", "due_date", **_OPEN_CASE),
        Index("ix_application_open_due", "due_date", "id", **_OPEN_CASE),
        Index("ix_application_open_light", "light", "due_date", postgresql_include=_CENTRES, **_OPEN_CASE),
        # The supervision dashboard's period figures (app/services/supervision_dashboard.py).
        Index("ix_application_submitted_at", "submitted_at", "item_version_id", postgresql_include=_CENTRES),
        Index("ix_application_accepted_at", "accepted_at", "item_version_id", postgresql_include=_CENTRES),
        Index(
            "ix_application_finished_at",
            "finished_at",
            "item_version_id",
            "status",
            postgresql_include=[*_CENTRES, "timeliness", "working_days"],
        ),
        # A centre's supervision also counts the cases its stations took in and forwarded (代收代办).
        Index("ix_application_received_centre", "received_centre_id"),
        # An item's (or a department's few items') cases of a period, newest first: the staff search by item and
        # dates reads one page straight from it, the dashboard's department figures only that department's
        # entries (migration 0025; docs/performance.md).
        Index("ix_application_version_submitted", "item_version_id", "submitted_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_version.id"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    channel: Mapped[str] = mapped_column(String(16), default="online")
    # The centre that accepts the case (its window queue, its output unless mailed), and the receive-only centre
    # that took it in and forwarded it (代收代办), when there was one.
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centre.id"), index=True)
    received_centre_id: Mapped[int | None] = mapped_column(ForeignKey("centre.id"))
    submission_token: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(24), index=True)
    outcome: Mapped[str | None] = mapped_column(String(24))
    data: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    # Read only when the engine runs a step: lists, task queues and the API never pay for ~10 KB of state per row.
    workflow_state: Mapped[str] = mapped_column(Text, deferred=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]
    due_date: Mapped[date | None]
    # green / yellow / red, or "paused" while the clock stands; set with the due date and by the worker's sweep
    light: Mapped[str | None] = mapped_column(String(8))
    finished_at: Mapped[datetime | None]
    # Set when the case finishes: the working days its clock ran, and early / on_time / late against the due date.
    working_days: Mapped[int | None]
    timeliness: Mapped[str | None] = mapped_column(String(8))
    incident: Mapped[str | None] = mapped_column(Text)  # a background step that failed for good; admin retries
    incident_at: Mapped[datetime | None]
    # Set once a job (timer, service call) is queued for the case; until then saving it need not read its jobs.
    has_jobs: Mapped[bool] = mapped_column(default=False, server_default=false())
    row_version: Mapped[int] = mapped_column(default=1)

    item_version: Mapped[ItemVersion] = relationship()
    applicant: Mapped[User] = relationship(foreign_keys=[applicant_id])
    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
    centre: Mapped[Centre | None] = relationship(foreign_keys=[centre_id])
    received_centre: Mapped[Centre | None] = relationship(foreign_keys=[received_centre_id])

    # Optimistic lock: a stale UPDATE raises StaleDataError instead of overwriting a newer state.
    __mapper_args__ = {"version_id_col": row_version}


class HumanTask(Base):
    """A ready BPMN user task copied out of the workflow state, so task lists are plain indexed queries."""

    __tablename__ = "human_task"
    __table_args__ = (
        UniqueConstraint("application_id", "spiff_task_id"),
        Index("ix_human_task_queue", "lane", "state", "due_date"),
        Index("ix_human_task_department_queue", "department_id", "state", "due_date"),
        # Partial indexes holding only open tasks in queue order (migration 0003, measured by bench.queries).
        Index("ix_human_task_open_department_due", "department_id", "due_date", "id", **_OPEN_TASK),
        Index("ix_human_task_open_lane_due", "lane", "due_date", "id", **_OPEN_TASK),
        Index("ix_human_task_open_light", "light", "department_id", **_OPEN_TASK),
        # "My finished work"; with the case and the step it also answers "the cases a window's clerks accepted" (the
        # dashboard's window and clerk scopes) from the index alone on PostgreSQL (migration 0025).
        Index(
            "ix_human_task_completed_by",
            "completed_by_id",
            "completed_at",
            postgresql_include=["application_id", "element_id"],
        ),
        # "Does this case have a step of my department?" (an approver's search, need to know) from the index alone.
        Index("ix_human_task_application_department", "application_id", "department_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    spiff_task_id: Mapped[str] = mapped_column(String(64))
    element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    lane: Mapped[str] = mapped_column(String(64))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    form_file: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default=TaskState.READY.value)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    due_date: Mapped[date | None]
    light: Mapped[str | None] = mapped_column(String(8))
    # The step's own limit in working days from its BPMN task (workflows/step_limits.py); None: the case's limit.
    limit_days: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decision: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)

    application: Mapped[Application] = relationship()
    department: Mapped[Department | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])


# The open-task condition as the partial indexes' predicate reads, so a cached plan can use them.
TASK_IS_OPEN = in_constants(HumanTask.state, OPEN_TASK_STATES)
# A case is open until its workflow ends (save_workflow sets finished_at with the final status): the tally, the
# admin's running counts and the open-case partial indexes above all use this one condition.
CASE_IS_OPEN = Application.finished_at.is_(None)


class AuditEvent(Base):
    """One event of the append-only, hash-chained audit trail (app/services/audit.py)."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_application_at", "application_id", "at"),
        Index("ix_audit_event_chain", "application_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    note: Mapped[str | None] = mapped_column(Text)
    actor_role: Mapped[str | None] = mapped_column(String(64))
    origin: Mapped[str | None] = mapped_column(String(64))  # the client's address, or "worker"
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()
