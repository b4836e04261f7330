"""The Flask application factory (`flask --app app` finds it through app/__init__.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from app.config import INSTANCE_DIR, load_config
from app.db_connections import ping_idle_connections
from app.extensions import csrf, db, login_manager, migrate
from app.login_limits import init_login_limits
from app.read_requests import init_get_write_guard, init_read_requests
from app.request_guard import init_request_guard
from app.secret_key import is_development, resolve_secret_key
from app.security_headers import init_security_headers

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.from_mapping(load_config())
    if test_config:
        app.config.from_mapping(test_config)
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    development = is_development(app.debug)
    app.config["SECRET_KEY"] = resolve_secret_key(
        app.config.get("SECRET_KEY"), INSTANCE_DIR, testing=app.testing, development=development
    )

    init_security_headers(app, development=development)
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            ping_idle_connections(engine, app.config["DB_IDLE_PING_SECONDS"])
    init_read_requests(app)  # before any other hook can touch the database
    # In tests a GET or HEAD that writes raises at once (app/read_requests.py); production is not slowed by it.
    app.config.setdefault("GET_WRITES_RAISE", app.testing)
    init_get_write_guard(app)
    init_request_guard(app)  # refuses bodies no view could handle, before CSRF or login read them
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    csrf.init_app(app)
    login_manager.init_app(app)
    init_login_limits(app)

    from admin import init_admin
    from app import auth, cli, i18n, web

    i18n.init_i18n(app)
    auth.init_auth(app)
    web.register_blueprints(app)
    cli.register_commands(app)
    init_admin(app)
    return app
