"""The one access rule of the admin: who may enter, and which items each admin may see and change.

The platform admin (`admin`) sees and changes everything. A department admin (`department_admin` with a
department) enters the admin, but sees and changes only the items of their own department (their versions,
drafts and incidents); users, roles, departments, the audit log and every other platform setting are the
platform admin's alone. A view is platform-only unless it says otherwise, so a view added later without
thinking about departments is closed to department admins rather than open to them.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import ColumnElement, select, true

from app.models import ItemKind, Role, ServiceItem


def is_platform_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.ADMIN))


def admin_department_id(user: Any) -> int | None:
    """The department a department admin manages; None for everyone else (the platform admin included)."""
    if not user.is_authenticated or is_platform_admin(user) or not user.has_role(Role.DEPARTMENT_ADMIN):
        return None
    return user.department_id


def may_enter_admin(user: Any) -> bool:
    return is_platform_admin(user) or admin_department_id(user) is not None


def may_manage_item(user: Any, item: ServiceItem) -> bool:
    if is_platform_admin(user):
        return True
    department_id = admin_department_id(user)
    # A new item's department is set on the relationship; its department_id is only filled at the flush.
    own = item.department_id if item.department_id is not None else getattr(item.department, "id", None)
    return department_id is not None and own == department_id


def may_manage_bundle(user: Any, bundle: Any) -> bool:
    """A bundle is managed by the departments that take part in it: the one that leads it and every department
    one of its member items belongs to (a member department republishes it when its own item changed)."""
    if is_platform_admin(user):
        return True
    department_id = admin_department_id(user)
    if department_id is None:
        return False
    return department_id == bundle.item.department_id or department_id in bundle_departments(bundle)


def bundle_departments(bundle: Any) -> set[int]:
    """The departments of a bundle's member items."""
    from app.extensions import db

    if not bundle.member_item_ids:
        return set()
    rows = db.session.scalars(select(ServiceItem.department_id).where(ServiceItem.id.in_(bundle.member_item_ids)))
    return set(rows)


def items_in_scope(user: Any) -> ColumnElement[bool]:
    """A WHERE clause on ServiceItem: every item for the platform admin, the own department's for the others."""
    if is_platform_admin(user):
        return true()
    department_id = admin_department_id(user)
    if department_id is None:
        return ServiceItem.id.is_(None)  # nothing
    return ServiceItem.department_id == department_id


def managed_item_or_404(item: ServiceItem | None) -> ServiceItem:
    """The item, when the current admin may manage it; 404 otherwise (another department's item does not exist
    for them, so its id tells them nothing). A bundle is never authored as an item: it is composed from its
    members (admin/bundles.py), so the authoring pages do not reach it."""
    if item is None or not may_manage_item(current_user, item) or item.kind == ItemKind.BUNDLE.value:
        abort(404)
    return item


class AdminAccess:
    """Mixin for every Flask-Admin view. Platform-only unless `department_admins_allowed` is set; a view that
    lets department admins in must narrow what it shows with `items_in_scope`."""

    department_admins_allowed = False

    def is_accessible(self) -> bool:
        if is_platform_admin(current_user):
            return True
        return self.department_admins_allowed and admin_department_id(current_user) is not None

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        abort(403)


# The name the authoring views were written against; same rule.
AdminOnly = AdminAccess
