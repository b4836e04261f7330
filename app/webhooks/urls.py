"""Which receiver addresses a webhook may be sent to (no Flask, no database)."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL = 500


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot receive webhooks, or None: an absolute http(s) address with a host, without credentials."""
    if len(url) > MAX_URL:
        return f"地址超过 {MAX_URL} 个字符"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "地址格式不正确"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "地址必须以 http:// 或 https:// 开头并带主机名"
    if parts.username or parts.password:
        return "地址中不能带用户名或密码（用签名验证来源）"
    return None
