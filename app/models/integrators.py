"""Department systems (部门业务系统) that use the API: integrator clients, the calls they made, the POSTs they may
retry, and the webhooks they subscribed to with every delivery and attempt."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, JsonDoc, utcnow
from app.models.people import Department, User

SCOPES = ("read", "decide", "submit")


class IntegratorClient(Base):
    """A named department system. It acts through an account of its own (``user``: an approver of its department,
    with no password), so every step it takes is in the audit trail under its name, and need-to-know applies to it
    as to the department's staff. ``scopes`` narrows what its tokens may do; ``rate_limit`` is its own budget."""

    __tablename__ = "integrator_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    scopes: Mapped[str] = mapped_column(String(100), default="read")  # space-separated, of SCOPES
    rate_limit: Mapped[str] = mapped_column(String(40), default="120/minute")  # the `limits` package's notation
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    department: Mapped[Department] = relationship()
    user: Mapped[User] = relationship()

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    def __str__(self) -> str:
        return self.name


class ApiCall(Base):
    """One API call of an integrator client: who, what, the answer's status and how long it took."""

    __tablename__ = "api_call"
    __table_args__ = (Index("ix_api_call_client_at", "client_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("integrator_client.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(300))
    status: Mapped[int]
    duration_ms: Mapped[int]
    idempotency_key: Mapped[str | None] = mapped_column(String(100))


class IdempotentRequest(Base):
    """A POST sent with an ``Idempotency-Key``: written in the request's own transaction, with its answer, so a
    retry of the same key by the same caller gets the first answer instead of doing the work again."""

    __tablename__ = "idempotent_request"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    request_digest: Mapped[str] = mapped_column(String(64))  # method, path and body: a reused key is refused
    status: Mapped[int | None]  # None while the first request is still running
    response: Mapped[Any | None] = mapped_column(JsonDoc)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class WebhookSubscription(Base):
    """A department system's wish to hear of ``events`` (space-separated) at ``url``, signed with ``secret``."""

    __tablename__ = "webhook_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("integrator_client.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    events: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[IntegratorClient] = relationship()

    @property
    def event_set(self) -> frozenset[str]:
        return frozenset(self.events.split())


class DeliveryState:
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"  # every attempt used; an admin can deliver it again


class WebhookDelivery(Base):
    """One event for one receiver, delivered at least once: the worker retries with backoff until the receiver
    answers 2xx. ``idempotency_key`` is sent with every attempt, so the receiver can drop repeats."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("webhook_subscription.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(500))
    payload: Mapped[Any] = mapped_column(JsonDoc)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(16), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=20)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_until: Mapped[datetime | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]

    subscription: Mapped[WebhookSubscription | None] = relationship()


class WebhookAttempt(Base):
    """One HTTP attempt of a delivery: the delivery log an admin reads."""

    __tablename__ = "webhook_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_delivery.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[int | None]  # the receiver's HTTP status; None when it could not be reached
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int]
