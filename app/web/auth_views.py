from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from app.auth import authenticate
from app.extensions import db
from app.login_limits import TooManyAttempts
from app.models import Role, User
from app.sessions import end_sessions

bp = Blueprint("auth", __name__)


def home_for(user: User) -> str:
    if user.has_role(Role.WINDOW_CLERK):
        return url_for("staff.window_queue")
    if user.has_role(Role.APPROVER):
        return url_for("staff.department_queue")
    if user.has_role(Role.SUPERVISOR):
        return url_for("staff.supervise")
    if user.has_role(Role.ADMIN, Role.DEPARTMENT_ADMIN):
        return "/admin/"
    return url_for("portal.my_applications")


def _safe_next(target: str | None) -> str | None:
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return None


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    error, status = None, 200
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        try:
            user = authenticate(username, request.form.get("password", ""), request.remote_addr)
        except TooManyAttempts as exc:
            error, status = exc.message, 429
        else:
            if user is None:
                error, status = gettext("用户名或密码不正确"), 401
            else:
                login_user(user)
                flash(gettext("欢迎，%(name)s", name=user.display_name))
                return redirect(_safe_next(request.args.get("next")) or home_for(user))
    return render_template("login.html", error=error), status


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    # Ends every session of this user, so a copy of the cookie (another tab, a stolen one) no longer works.
    if current_user.is_authenticated:
        end_sessions(current_user)
        db.session.commit()
    logout_user()
    return redirect(url_for("public.index"))
