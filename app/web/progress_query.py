"""办件进度查询: the public page (no login) and its answer; wrong answers are limited per address and number."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from app.services.progress_query import NumberMistyped, find_progress
from app.web import query_limits

bp = Blueprint("progress_query", __name__)


@bp.route("/progress", methods=["GET", "POST"])
def progress() -> Any:
    if request.method == "GET":
        return render_template("public/progress.html", progress=None, problem=None, number="")
    number = request.form.get("tracking_number", "").strip()[:40]
    answer = request.form.get("second_factor", "").strip()[:40]
    address = request.remote_addr or "unknown"
    wait = query_limits.retry_after(address, number.upper())
    if wait:
        minutes = max(1, round(wait / 60))
        problem = f"查询失败次数过多，请 {minutes} 分钟后再试。"
        return render_template("public/progress.html", progress=None, problem=problem, number=number), 429
    try:
        found = find_progress(number, answer)
    except NumberMistyped:
        problem = "受理编号有误：校验位不符，请核对是否输错了某一位。"
        return render_template("public/progress.html", progress=None, problem=problem, number=number), 422
    if found is None:
        query_limits.failed(address, number.upper())
        problem = "受理编号或验证信息不正确，请核对后重试。"
        return render_template("public/progress.html", progress=None, problem=problem, number=number), 404
    return render_template("public/progress.html", progress=found, problem=None, number=number)
