"""Who may author items: platform and department admins; anonymous visitors are sent to the login page."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.models import Role


def is_admin() -> bool:
    return current_user.is_authenticated and current_user.has_role(Role.ADMIN, Role.DEPARTMENT_ADMIN)


class AdminOnly:
    """Mixin for Flask-Admin views: admins only, 403 for everyone else who is logged in."""

    def is_accessible(self) -> bool:
        return is_admin()

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.url))
        abort(403)
