"""Production: everything secret or site-specific comes from the environment, and a missing piece stops start-up.

Every variable, its default and its meaning: .env.example (and docs/deployment.md). Required: SECRET_KEY,
DATABASE_URL, REDIS_URL (the cache shared by every app process: sessions, log-in and search rate limits, cached
pages), ALLOWED_HOSTS, WAGTAILADMIN_BASE_URL (the public origin that links in emails, certificates and the admin's
notifications are built from). A variable set to a value that cannot be right (a boolean that is neither true nor
false, a port that is not a number) stops start-up too, rather than being read as its default.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _required(name: str, what: str = "") -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production{what}.")
    return value


def _text(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def _switch(name: str, default: bool) -> bool:
    value = _text(name).lower()
    if not value:
        return default
    if value not in TRUE | FALSE:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")
    return value in TRUE


def _number(name: str, default: float, kind: type = int, low: float = 0, high: float | None = None):
    value = _text(name)
    try:
        number = kind(value) if value else kind(default)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name} must be {what}, not {value!r}.") from None
    if number < low or (high is not None and number > high):
        raise ImproperlyConfigured(f"{name} must be between {low} and {high if high is not None else '∞'}, "
                                   f"not {value!r}.")
    return number


def _list(name: str) -> list[str]:
    return [item.strip() for item in _text(name).split(",") if item.strip()]


def _public_origin(name: str) -> str:
    """An origin such as https://lms.example.org: links sent by email or printed must work from anywhere."""
    value = _required(name, ": the public address (e.g. https://lms.example.org) that links in emails, "
                            "certificates and notifications are built from").rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
        raise ImproperlyConfigured(f"{name} must be the site's public origin, e.g. https://lms.example.org; "
                                   f"it is {value!r}.")
    return value


# --- Core --------------------------------------------------------------------------------------------------------
DEBUG = False
SECRET_KEY = _required("SECRET_KEY", ": a long random string, e.g. from "
                                     "python -c 'import secrets; print(secrets.token_urlsafe(64))'")
_required("ALLOWED_HOSTS", ": the site's host names, comma-separated")
ALLOWED_HOSTS = _list("ALLOWED_HOSTS")
# Without it every emailed, printed or notified link would point at http://127.0.0.1:8000.
WAGTAILADMIN_BASE_URL = _public_origin("WAGTAILADMIN_BASE_URL")
# Forms posted over HTTPS are checked against these origins; the public origin is always one of them.
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS") or [WAGTAILADMIN_BASE_URL]

# --- Database ----------------------------------------------------------------------------------------------------
# No silent SQLite: base.py falls back to a file in the checkout, which in production would lose everything.
# Connections are kept for CONN_MAX_AGE seconds and checked before reuse, so a restarted PostgreSQL costs one retry.
DATABASES = {
    "default": dj_database_url.parse(
        _required("DATABASE_URL", ", e.g. postgres://user:password@db:5432/lms"),
        conn_max_age=_number("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

# --- Cache: one Redis for every app process ----------------------------------------------------------------------
# Sessions (cached_db), allauth's and django-ratelimit's counters and cached fragments must be the same for every
# process behind the load balancer, or rate limits count per process and a cleared cache stays in the others.
REDIS_URL = _required("REDIS_URL", ", e.g. redis://redis:6379/0: the cache every app process shares")
CACHES = {
    "default": {"BACKEND": "lms.operations.redis_cache.RedisCache", "LOCATION": REDIS_URL},
    "renditions": {"BACKEND": "lms.operations.redis_cache.RedisCache", "LOCATION": REDIS_URL,
                   "KEY_PREFIX": "renditions", "TIMEOUT": 60 * 60 * 24},
}
# django-ratelimit 4.1 predates Django's own RedisCache, whose incr() is an atomic Redis INCR.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# --- HTTPS and browser security ----------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _switch("SECURE_SSL_REDIRECT", True)
# Probes talk to the app server directly over HTTP; a redirect to https:// would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = _number("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _switch("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _switch("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Behind a proxy every request comes from the proxy: rate limits must count the client it forwarded for. One setting
# tells allauth (log-in, sign-up, reset) and, through lms/client_address.py, django-ratelimit (search, verification).
if os.environ.get("RATELIMIT_IP_META_KEY"):
    raise ImproperlyConfigured(
        "RATELIMIT_IP_META_KEY is no longer read: set TRUSTED_PROXY_COUNT (the number of proxies in front of the "
        "site that append to X-Forwarded-For) or TRUSTED_CLIENT_IP_HEADER (e.g. X-Real-IP) instead."
    )
ALLAUTH_TRUSTED_PROXY_COUNT = _number("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = _text("TRUSTED_CLIENT_IP_HEADER") or None

# --- Email -------------------------------------------------------------------------------------------------------
EMAIL_BACKEND = _text("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = _text("EMAIL_HOST", "localhost")
EMAIL_PORT = _number("EMAIL_PORT", 25, high=65535)
EMAIL_HOST_USER = _text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _switch("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _switch("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (STARTTLS, usually port 587) or EMAIL_USE_SSL (usually port 465), "
                               "not both.")
# A mail server that does not answer must not hold a web worker (or a task worker) forever.
EMAIL_TIMEOUT = _number("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = _text("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
SERVER_EMAIL = _text("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Static files: collected by `manage.py collectstatic`, served by WhiteNoise ----------------------------------
STATIC_ROOT = _text("STATIC_ROOT") or STATIC_ROOT  # noqa: F405
# Files under hashed names (every {% static %} link) are cached for ever by WhiteNoise itself; this is for the few
# without a hash, which keep their name from one release to the next.
WHITENOISE_MAX_AGE = 60 * 60

# --- Media and private files -------------------------------------------------------------------------------------
MEDIA_ROOT = Path(_text("MEDIA_ROOT") or MEDIA_ROOT).resolve()  # noqa: F405
PRIVATE_MEDIA_ROOT = Path(_text("PRIVATE_MEDIA_ROOT") or PRIVATE_MEDIA_ROOT).resolve()  # noqa: F405
if PRIVATE_MEDIA_ROOT.is_relative_to(MEDIA_ROOT) or MEDIA_ROOT.is_relative_to(PRIVATE_MEDIA_ROOT):
    # A web server that serves MEDIA_ROOT would hand applicants' files to anyone with the link.
    raise ImproperlyConfigured(f"PRIVATE_MEDIA_ROOT ({PRIVATE_MEDIA_ROOT}) must be outside MEDIA_ROOT ({MEDIA_ROOT}) "
                               "and the other way round.")
# The app serves public media from MEDIA_ROOT itself (lms/operations/media.py); false when nginx serves /media/.
SERVE_MEDIA = _switch("SERVE_MEDIA", True)
REPORTS_PSEUDONYM_KEY = _text("REPORTS_PSEUDONYM_KEY")

# --- Privacy: who is responsible, and how long records are kept (lms/settings/base.py) ----------------------------
PRIVACY_CONTROLLER = {"name": _text("PRIVACY_CONTROLLER_NAME"), "email": _text("PRIVACY_CONTROLLER_EMAIL"),
                      "address": _text("PRIVACY_CONTROLLER_ADDRESS")}
if PRIVACY_CONTROLLER["email"] and "@" not in PRIVACY_CONTROLLER["email"]:
    raise ImproperlyConfigured("PRIVACY_CONTROLLER_EMAIL must be an email address, not "
                               f"{PRIVACY_CONTROLLER['email']!r}.")
# Months, at least one: a period of 0 would erase what was just written; ten years is the longest anything is kept.
PRIVACY_RETENTION_MONTHS = {
    key: _number(f"PRIVACY_RETENTION_{key.upper()}_MONTHS", months, low=1, high=120)
    for key, months in PRIVACY_RETENTION_MONTHS.items()  # noqa: F405
}

# --- Media storage: local disk, or S3-compatible object storage when MEDIA_STORAGE=s3 (docs/deployment.md) -----
from lms.operations.storage import storages_from_environment  # noqa: E402

STORAGES = storages_from_environment(os.environ, STORAGES)  # noqa: F405

# --- Background tasks --------------------------------------------------------------------------------------------
TASKS_BACKEND = _text("TASKS_BACKEND", "database").lower()
if TASKS_BACKEND == "database":
    # Stored in the database, run by `manage.py db_worker` processes (one or more per queue).
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}  # noqa: F405
elif TASKS_BACKEND == "immediate":
    # Run inside the web request that enqueues them: a small site without a worker process.
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}}  # noqa: F405
else:
    raise ImproperlyConfigured(f'TASKS_BACKEND must be "database" or "immediate", not {TASKS_BACKEND!r}.')

# --- Logs: one JSON object a line on standard error, each with its request's id ----------------------------------
LOG_LEVEL = _text("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}.")
LOG_FORMAT = _text("LOG_FORMAT", "json").lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f'LOG_FORMAT must be "json" or "text", not {LOG_FORMAT!r}.')
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lms.operations.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "lms.operations.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# --- Error reports (Sentry, or a server that speaks its protocol such as GlitchTip) ------------------------------
SENTRY_DSN = _text("SENTRY_DSN")
SENTRY_ENVIRONMENT = _text("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = _number("SENTRY_TRACES_SAMPLE_RATE", 0.0, kind=float, high=1)
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=SENTRY_ENVIRONMENT,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
        # No user names, e-mail or IP addresses, cookies or request bodies leave the site.
        send_default_pii=False,
    )
