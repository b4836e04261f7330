from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_user, logout_user
from sqlalchemy import select

from app.auth import verify_password
from app.extensions import db
from app.models import Role, User

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
    error = None
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None or not user.active or not verify_password(user, request.form.get("password", "")):
            error = "用户名或密码不正确"
        else:
            login_user(user)
            flash(f"欢迎，{user.display_name}")
            return redirect(_safe_next(request.args.get("next")) or home_for(user))
    return render_template("login.html", error=error), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    logout_user()
    return redirect(url_for("public.index"))
