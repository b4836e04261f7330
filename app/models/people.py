"""Departments and the people who work in or apply to the hall."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.actors import Role
from app.models.base import Base

if TYPE_CHECKING:
    from app.models.centres import Centre


class Department(Base):
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    def __str__(self) -> str:
        return self.name


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    id_number: Mapped[str | None] = mapped_column(String(18))
    email: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(8))  # messages in this language (zh_CN when unset)
    active: Mapped[bool] = mapped_column(default=True)
    # A window clerk's centre and window (全区通办: the queues show the centre's cases); None for everyone else.
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centre.id", ondelete="SET NULL"), index=True)
    window_name: Mapped[str | None] = mapped_column(String(32))
    # Every web session carries the number it was signed in under; raising it ends them all (app/sessions.py):
    # logout, and whatever raises credential_version (password, roles, department, switched off).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # API tokens are valid for the number they were issued under (app/models/tokens.py).
    credential_version: Mapped[int] = mapped_column(default=1, server_default="1")

    department: Mapped[Department | None] = relationship()
    centre: Mapped[Centre | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def roles(self) -> set[Role]:
        return {Role(r.role) for r in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def department_code(self) -> str | None:
        return self.department.code if self.department else None

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        # Stored in the signed session cookie and checked on every request (app/sessions.py).
        return f"{self.id}:{self.session_version}"

    def __str__(self) -> str:
        return self.display_name


class UserRole(Base):
    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))

    user: Mapped[User] = relationship(back_populates="role_rows")
