"""Flask-Admin pages under our Content-Security-Policy (no inline script).

Three of its templates had inline handlers; our copies in app/templates/admin/ use data attributes handled by
admin/static/admin-csp.js (loaded by app/templates/admin/master.html). Its other templates write
``href="javascript:void(0)"`` in a dozen places (tabs, pagination, sort tooltips, menus): a ``javascript:`` URL is
an inline script too, refused when clicked. Rather than copy six more templates, the admin's HTML answers name
those links ``href="#" data-yc-inert``, which the same script keeps from navigating.
"""

from __future__ import annotations

from flask import Flask, Response, request

_JS_VOID = b'href="javascript:void(0)"'
_INERT = b'href="#" data-yc-inert'


def init_admin_csp(app: Flask) -> None:
    @app.after_request
    def _no_javascript_urls(response: Response) -> Response:
        if (
            request.path.startswith("/admin")
            and response.mimetype == "text/html"
            and not response.direct_passthrough
            and not response.is_streamed
        ):
            body = response.get_data()
            if _JS_VOID in body:
                response.set_data(body.replace(_JS_VOID, _INERT))
        return response
