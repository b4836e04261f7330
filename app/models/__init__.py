"""All models, imported here so Alembic and the app see one metadata."""

from app.models.base import Base
from app.models.bundles import Bundle, BundleVersion
from app.models.case_reads import CaseRead
from app.models.cases import CASE_IS_OPEN, OPEN_TASK_STATES, TASK_IS_OPEN, Application, AuditEvent, HumanTask
from app.models.catalog import ItemDraft, ItemKind, ItemVersion, ServiceItem
from app.models.centres import BOOKING_STATE_LABELS, Booking, BookingState, Centre
from app.models.clock import CalendarDay, CalendarYear, ClockPause, ClockState
from app.models.data_elements import DataElement, PrefillSource
from app.models.deferrals import DeferredMaterial
from app.models.documents import CaseDocument, DocumentState, DocumentTemplate
from app.models.feedback import Complaint, Rating
from app.models.fees import Fee, FeeState
from app.models.files import CaseFile, StoredFile
from app.models.integrators import (
    ApiCall,
    DeliveryState,
    IdempotentRequest,
    IntegratorClient,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from app.models.jobs import Job, JobKind, JobState
from app.models.outbox import MessageState, Notification, NotificationTemplate
from app.models.people import Department, Role, User, UserRole
from app.models.search import CaseSearchTerm
from app.models.tally import UNACCEPTED_DUE_DATE, OpenCaseTally
from app.models.tokens import ApiToken

__all__ = [
    "ApiCall",
    "DeliveryState",
    "IdempotentRequest",
    "IntegratorClient",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
    "Bundle",
    "BundleVersion",
    "BOOKING_STATE_LABELS",
    "Booking",
    "BookingState",
    "Centre",
    "CaseFile",
    "CaseSearchTerm",
    "CaseRead",
    "ApiToken",
    "Application",
    "AuditEvent",
    "CaseDocument",
    "DocumentState",
    "DocumentTemplate",
    "Fee",
    "FeeState",
    "MessageState",
    "NotificationTemplate",
    "Base",
    "CalendarDay",
    "CalendarYear",
    "ClockPause",
    "ClockState",
    "Complaint",
    "DataElement",
    "DeferredMaterial",
    "Department",
    "PrefillSource",
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
    "Rating",
    "Role",
    "ServiceItem",
    "StoredFile",
    "CASE_IS_OPEN",
    "TASK_IS_OPEN",
    "UNACCEPTED_DUE_DATE",
    "User",
    "UserRole",
]
