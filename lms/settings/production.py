"""Production: everything secret or site-specific comes from the environment, and a missing piece stops start-up.

Required: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS (comma-separated), REDIS_URL (the cache shared
by every app process: log-in and search rate limits count there), WAGTAILADMIN_BASE_URL (the public origin that
links in emails, certificates and the admin's notifications are built from).
Optional: EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS, DEFAULT_FROM_EMAIL,
MEDIA_ROOT, PRIVATE_MEDIA_ROOT (applicants' files, participant exports), REPORTS_PSEUDONYM_KEY (the key of
the participant export's pseudonyms: set it once and keep it), CSRF_TRUSTED_ORIGINS, TASKS_BACKEND=database to run
tasks in `db_worker`; behind a reverse proxy TRUSTED_PROXY_COUNT or TRUSTED_CLIENT_IP_HEADER, so that rate limits
count clients, not the proxy.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str, what: str = "") -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production{what}.")
    return value


def _public_origin(name: str) -> str:
    """An origin such as https://lms.example.org: links sent by email or printed must work from anywhere."""
    value = _required(name, ": the public address (e.g. https://lms.example.org) that links in emails, "
                            "certificates and notifications are built from").rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
        raise ImproperlyConfigured(f"{name} must be the site's public origin, e.g. https://lms.example.org; "
                                   f"it is {value!r}.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]
# No silent SQLite: base.py falls back to a file in the checkout, which in production would lose everything.
DATABASES = {
    "default": dj_database_url.parse(
        _required("DATABASE_URL", ", e.g. postgres://user:password@db:5432/lms"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# Without it every emailed, printed or notified link would point at http://127.0.0.1:8000.
WAGTAILADMIN_BASE_URL = _public_origin("WAGTAILADMIN_BASE_URL")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": _required("REDIS_URL")}}
# django-ratelimit 4.1 predates Django's own RedisCache, whose incr() is an atomic Redis INCR.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
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
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER") or None

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

if os.environ.get("TASKS_BACKEND", "database") == "database":
    # Tasks are stored in the database and run by `manage.py db_worker` processes.
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
