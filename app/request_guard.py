"""The door every request passes: bodies a view could not handle are refused with a 400 naming the field.

JSON nested 100,000 deep made the parser raise RecursionError (a 500); a lone surrogate (``"\\ud800"``) in any
string was stored and then made every staff page showing it fail to encode (a 500 for ever); NUL cannot be stored
in PostgreSQL text; bidi override characters (U+202E...) make a name display as something else in staff lists.
All are refused here, before CSRF, login or any view reads the request, for form posts and the JSON API alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.routing import IntegerConverter

MAX_JSON_DEPTH = 64  # real bodies nest a handful of levels (data -> section -> rows -> row)
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class BadText(ValueError):
    """A request value that is refused; ``field`` is its path (``data.name``, a form field name, ``(body)``)."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be accepted (a reason key), or None."""
    if "\x00" in text:
        return "nul"
    if not BIDI_CONTROLS.isdisjoint(text):
        return "bidi"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate"
    return None


def check_json(value: Any, root: str = "") -> None:
    """Raise BadText for the first string (key or value) that cannot be accepted, or nesting beyond the limit."""
    pending: list[tuple[Any, str, int]] = [(value, root, 0)]
    while pending:
        item, path, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadText(path or "(body)", "depth")
        if isinstance(item, str):
            _check_text(item, path)
        elif isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{path}.{key}" if path else str(key)
                _check_text(str(key), child_path)
                pending.append((child, child_path, depth + 1))
        elif isinstance(item, list):
            pending += [
                (child, f"{path}.{index}" if path else str(index), depth + 1) for index, child in enumerate(item)
            ]


def check_pairs(pairs: Iterable[tuple[str, str]]) -> None:
    """Form fields, query arguments and upload file names: keys and values."""
    for key, value in pairs:
        _check_text(key, key)
        _check_text(value, key)


def check_urlencoded(raw: bytes) -> None:
    """Werkzeug decodes invalid UTF-8 in form posts to U+FFFD silently; strict decoding refuses it instead."""
    for part in raw.split(b"&"):
        key, _, value = part.partition(b"=")
        name = unquote_to_bytes(key.replace(b"+", b" ")).decode("utf-8", "replace")
        try:
            unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise BadText(name, "utf8") from None


def _check_text(text: str, path: str) -> None:
    reason = text_problem(text)
    if reason is not None:
        raise BadText(path or "(body)", reason)


def _reason_text(reason: str) -> str:
    return {
        "nul": gettext("含有空字符（NUL），请删除后重新提交"),
        "bidi": gettext("含有改变文字方向的控制字符（如 U+202E），请删除后重新提交"),
        "surrogate": gettext("含有无效的 Unicode 字符（单独的代理项），请检查后重新提交"),
        "utf8": gettext("不是有效的 UTF-8 文本，请检查后重新提交"),
        "depth": gettext("嵌套层数过多（最多 %(n)d 层）", n=MAX_JSON_DEPTH),
        "json": gettext("不是有效的 JSON"),
    }[reason]


def _refuse(error: BadText) -> Response:
    message = gettext("字段 %(field)s %(reason)s", field=error.field, reason=_reason_text(error.reason))
    if request.path.startswith("/api/"):
        body = jsonify(error_code="bad_request", message=message, details={"field": error.field})
        body.status_code = 400
        return body
    page = render_template("http_error.html", status=400, title=gettext("请求有误"), message=message)
    return Response(page, status=400, mimetype="text/html")


def _check_request() -> Response | None:
    try:
        check_pairs(request.args.items(multi=True))
        if request.is_json:
            _check_json_body()
        elif request.mimetype == "application/x-www-form-urlencoded":
            check_urlencoded(request.get_data(cache=True))
            check_pairs(request.form.items(multi=True))
        elif request.mimetype == "multipart/form-data":
            check_pairs(request.form.items(multi=True))
            check_pairs((key, upload.filename or "") for key, upload in request.files.items(multi=True))
    except BadText as error:
        return _refuse(error)
    return None


def _check_json_body() -> None:
    if not request.get_data(cache=True):
        return
    try:
        body = request.get_json(silent=True)  # cached: the view reads the same parsed body
    except RecursionError:
        raise BadText("(body)", "depth") from None
    if body is not None:
        check_json(body)


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` in every route: ids beyond the id columns (INTEGER: signed 32 bits on PostgreSQL) do not match
    (a 404), instead of reaching the database and failing there (POST /api/v1/tasks/3101211684459433164800/claim
    was a 500; the fuzzer then found /tasks/1278676792202/claim a 500 on PostgreSQL while the bound was 64 bits)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


class _SafeResponse(Response):
    """Text that slipped past the door before it existed (a stored lone surrogate) shows as U+FFFD instead of
    failing to encode, so the pages showing it keep working."""

    def set_data(self, value: bytes | str) -> None:
        if isinstance(value, str):
            try:
                value = value.encode("utf-8")
            except UnicodeEncodeError:
                value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode("utf-8")
        super().set_data(value)


def init_request_guard(app: Flask) -> None:
    """Check every request's arguments and body before any other hook (CSRF, login) reads them."""
    app.response_class = _SafeResponse
    app.url_map.converters["int"] = DatabaseIdConverter
    app.before_request_funcs.setdefault(None, []).insert(0, _check_request)
