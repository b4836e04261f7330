"""Configuration from environment variables, with safe development defaults."""

from __future__ import annotations

import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the old driver; we ship psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://") :]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    return f"sqlite:///{INSTANCE_DIR / 'yichuang.sqlite'}"


# A receiver on this machine: the demo's and the tests' (never allowed by default in production).
LOCAL_RECEIVERS = "127.0.0.1,localhost,::1"
LOCAL_NETWORKS = "127.0.0.0/8,::1/128"


def _dev() -> bool:
    return os.environ.get("YICHUANG_ENV", "").strip().lower() in ("development", "dev")


def load_config() -> dict[str, object]:
    """Read the configuration the app factory starts from; tests override keys with test_config."""
    return {
        # None: app/secret_key.py makes one in development and refuses to start in production.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": _database_url(),
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # Pooled connections idle longer than this are pinged before use (app/db_connections.py).
        "DB_IDLE_PING_SECONDS": float(os.environ.get("DB_IDLE_PING_SECONDS", "10")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(20 * 1024 * 1024))),
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads")),
        # Uploads no case names are removed by the worker after this many hours; meanwhile each applicant may
        # hold this many MB of them (app/services/upload_cleanup.py).
        "UPLOAD_GRACE_HOURS": float(os.environ.get("UPLOAD_GRACE_HOURS", "24")),
        "UPLOAD_UNREFERENCED_MB": int(os.environ.get("UPLOAD_UNREFERENCED_MB", "100")),
        "WTF_CSRF_TIME_LIMIT": None,
        # Cookies: SameSite=Lax always; Secure decided in app/security_headers.py (HTTPS-only in production).
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": None,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "FLASK_ADMIN_SWATCH": "cerulean",
        # Seconds an API token's caller is remembered per worker process; a revocation made through another
        # worker takes effect there after at most this long (app/caller_cache.py). 0 turns the cache off.
        "API_TOKEN_CACHE_SECONDS": float(os.environ.get("API_TOKEN_CACHE_SECONDS", "5")),
        # Failed sign-ins (app/login_limits.py): counted per account and per address in this storage; production
        # with several workers sets redis://127.0.0.1:6379/0 so every worker sees the same counts.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # The public progress query's wrong answers (app/web/query_limits.py), in the same storage.
        "PROGRESS_QUERY_LIMIT_PER_ADDRESS": os.environ.get("PROGRESS_QUERY_LIMIT_PER_ADDRESS", "10 per 10 minutes"),
        "PROGRESS_QUERY_LIMIT_PER_NUMBER": os.environ.get("PROGRESS_QUERY_LIMIT_PER_NUMBER", "5 per 10 minutes"),
        # Webhooks (app/webhooks): seconds one delivery attempt may take; the first retry's wait (doubled after each
        # failure, at most WEBHOOK_MAX_BACKOFF); attempts before a delivery is marked failed (20 attempts span
        # about 14 hours, so a receiver down for an hour or a night loses nothing); and how long a worker process
        # remembers the subscriptions (a subscription made through another process is heard of within this).
        "WEBHOOK_TIMEOUT_SECONDS": float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10")),
        "WEBHOOK_RETRY_SECONDS": float(os.environ.get("WEBHOOK_RETRY_SECONDS", "30")),
        "WEBHOOK_MAX_BACKOFF_SECONDS": float(os.environ.get("WEBHOOK_MAX_BACKOFF_SECONDS", "3600")),
        "WEBHOOK_MAX_ATTEMPTS": int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "20")),
        "WEBHOOK_SUBSCRIPTION_CACHE_SECONDS": float(os.environ.get("WEBHOOK_SUBSCRIPTION_CACHE_SECONDS", "5")),
        # Where webhooks may go (app/webhooks/receivers.py): host names (hooks.wsjk.gov.cn, *.wsjk.gov.cn) and URL
        # prefixes (https://hooks.wsjk.gov.cn/yichuang), comma-separated, set by the platform admin; nothing else is
        # subscribed to or delivered to. A receiver resolving to an internal network (private, loopback, link-local
        # such as the metadata service 169.254.169.254) is refused unless WEBHOOK_ALLOWED_NETWORKS lists it.
        # Development (make run) allows receivers on this machine.
        "WEBHOOK_ALLOWED_RECEIVERS": os.environ.get("WEBHOOK_ALLOWED_RECEIVERS", LOCAL_RECEIVERS if _dev() else ""),
        "WEBHOOK_ALLOWED_NETWORKS": os.environ.get("WEBHOOK_ALLOWED_NETWORKS", LOCAL_NETWORKS if _dev() else ""),
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "10 per 15 minutes"),
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "50 per 15 minutes"),
        # werkzeug's strong default; the test suite turns it down because it creates users in every test.
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt"),
        # Printed on documents and messages, and the address QR codes and messages link to (the worker has no
        # request to take it from).
        "CENTRE_NAME": os.environ.get("CENTRE_NAME", "明湖区政务服务中心"),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        # E-mail goes out through any SMTP server when MAIL_SERVER is set; without it messages stay in the outbox.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "") == "1",  # STARTTLS
        "MAIL_USE_SSL": os.environ.get("MAIL_USE_SSL", "") == "1",  # SMTPS
        "MAIL_FROM": os.environ.get("MAIL_FROM", "noreply@yichuang.local"),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "15")),
        # An SMS gateway is a backend class named here ("module:Class"); the development backend keeps the
        # message in the outbox, where the admin outbox page shows it.
        # The payment platform signs its callbacks with this (HMAC-SHA256 of the body); unset refuses them all.
        "PAYMENT_CALLBACK_SECRET": os.environ.get("PAYMENT_CALLBACK_SECRET", ""),
        "SMS_BACKEND": os.environ.get("SMS_BACKEND", "app.notifications.backends:OutboxSms"),
    }
