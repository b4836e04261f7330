"""All models, imported here so Alembic and the app see one metadata."""

from app.models.base import Base
from app.models.cases import OPEN_TASK_STATES, TASK_IS_OPEN, Application, AuditEvent, HumanTask
from app.models.catalog import ItemDraft, ItemKind, ItemVersion, ServiceItem
from app.models.files import StoredFile
from app.models.jobs import Job, JobKind, JobState, Notification
from app.models.people import Department, Role, User, UserRole
from app.models.tally import UNACCEPTED_DUE_DATE, OpenCaseTally

__all__ = [
    "Application",
    "AuditEvent",
    "Base",
    "Department",
    "HumanTask",
    "ItemDraft",
    "ItemKind",
    "ItemVersion",
    "Job",
    "JobKind",
    "JobState",
    "Notification",
    "OPEN_TASK_STATES",
    "OpenCaseTally",
    "Role",
    "ServiceItem",
    "StoredFile",
    "TASK_IS_OPEN",
    "UNACCEPTED_DUE_DATE",
    "User",
    "UserRole",
]
