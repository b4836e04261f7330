"""UI language: Chinese (zh_CN) first, English second; the visitor's choice is kept in the session."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, redirect, request, session, url_for

from app.extensions import babel

LANGUAGES = {"zh_CN": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"
# Other spellings people type or link to for the same two languages.
LANGUAGE_ALIASES = {
    "zh": "zh_CN",
    "zh-CN": "zh_CN",
    "zh_Hans": "zh_CN",
    "zh-Hans": "zh_CN",
    "cn": "zh_CN",
    "en_US": "en",
}

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    # A government hall's pages are Chinese unless the visitor picks English; the browser's
    # Accept-Language is not enough (an English-language phone in Guangzhou still wants Chinese).
    choice = session.get("lang")
    return choice if choice in LANGUAGES else DEFAULT_LANGUAGE


def ui_locale() -> str:
    """Our code for the page's language ("zh_CN" or "en"), as forms/ and the templates expect it.

    Not str(flask_babel.get_locale()): Babel spells Chinese "zh_Hans_CN", which matched neither.
    """
    return select_locale()


@bp.route("/lang/<code>")
def switch_language(code: str) -> Any:
    code = LANGUAGE_ALIASES.get(code, code)
    if code in LANGUAGES:
        session["lang"] = code
    target = request.referrer or url_for("public.index")
    return redirect(target if target.startswith(request.host_url) else url_for("public.index"))


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_domain="messages")
    app.register_blueprint(bp)
    app.jinja_env.globals.update(ui_locale=ui_locale, LANGUAGES=LANGUAGES)
