"""The platform's own pages for HTTP errors (403, 404, 405, 400, 500): Chinese first, with the site header and a
way back, instead of Werkzeug's English pages; the API answers the same errors as `{error_code, message}`."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext
from flask_login import current_user
from werkzeug.exceptions import HTTPException

# Staff areas a citizen may stumble into from a shared link: told plainly that the page is for hall staff.
_STAFF_BLUEPRINTS = {"staff", "window_entry"}


def _forbidden_message() -> str:
    staff_url = request.blueprint in _STAFF_BLUEPRINTS or request.path.startswith("/admin")
    if current_user.is_authenticated and current_user.has_role("citizen") and staff_url:
        return gettext("这个页面供大厅工作人员使用，申请人账号无法打开。您可以在“我的办件”查看自己的申请。")
    return gettext("您的账号没有打开这个页面的权限。如需办理，请联系管理员分配相应角色。")


def _messages(status: int) -> tuple[str, str]:
    if status == 403:
        return gettext("没有权限"), _forbidden_message()
    if status == 404:
        return gettext("找不到这个页面"), gettext("地址可能输错了，或者该内容已被移除。请检查地址，或从首页重新进入。")
    if status == 405:
        return gettext("操作方式不正确"), gettext("这个地址不接受这种请求方式。请从页面上的按钮或链接进入。")
    if status == 400:
        return gettext("请求有误"), gettext("提交的内容无法识别。请返回上一页重新填写后提交。")
    return gettext("系统出错了"), gettext(
        "处理时出现了意外错误，我们已记录。请稍后重试；如果一直出现，请联系大厅工作人员。"
    )


_API_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}


def init_error_pages(app: Flask) -> None:
    def render_error(status: int) -> Any:
        title, message = _messages(status)
        if request.path.startswith("/api/"):
            return jsonify(error_code=_API_CODES.get(status, "server_error"), message=message, details=None), status
        return render_template("http_error.html", status=status, title=title, message=message), status

    for status in (400, 403, 404, 405):

        @app.errorhandler(status)
        def known(exc: HTTPException, status: int = status) -> Any:
            # Werkzeug's own descriptions are English; a CSRF failure (400) keeps Flask-WTF's reason out of view.
            return render_error(status)

    @app.errorhandler(500)
    def server_error(exc: Exception) -> Any:
        return render_error(500)
