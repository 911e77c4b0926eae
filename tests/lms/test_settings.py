"""Settings per environment (lms/settings/): production is locked down, tests run tasks immediately and keep email in
memory. How allauth is set up is test_settings_accounts.py."""

import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend

BASE_DIR = Path(__file__).resolve().parents[2]  # the project's root, where manage.py is
PRODUCTION = "lms.settings.production"
ENVIRONMENT_VARIABLES = (
    "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "TASKS_BACKEND", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "CSRF_TRUSTED_ORIGINS", "DJANGO_SETTINGS_MODULE", "TRUSTED_PROXY_COUNT",
    "TRUSTED_CLIENT_IP_HEADER", "RATELIMIT_IP_META_KEY", "WAGTAILADMIN_BASE_URL", "CONN_MAX_AGE",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT",
    "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL",
    "SERVER_EMAIL", "LOG_LEVEL", "LOG_FORMAT", "SENTRY_DSN", "SENTRY_ENVIRONMENT", "SENTRY_TRACES_SAMPLE_RATE",
    "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "STATIC_ROOT", "REPORTS_PSEUDONYM_KEY", "SERVE_MEDIA", "MEDIA_STORAGE",
    "AWS_STORAGE_BUCKET_NAME",
)
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "WAGTAILADMIN_BASE_URL")


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment a production deployment must provide, plus overrides (an empty value unsets)."""
    env = {key: value for key, value in os.environ.items() if key not in ENVIRONMENT_VARIABLES}
    env.update({
        "DJANGO_SETTINGS_MODULE": PRODUCTION,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "lms.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "WAGTAILADMIN_BASE_URL": "https://lms.example.org",
    })
    env.update(overrides)
    return {key: value for key, value in env.items() if value}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )


@pytest.fixture
def load_production(monkeypatch, tmp_path):
    """Import the production settings module afresh under a given environment; returns the module."""

    def load(**overrides: str):
        for key in ENVIRONMENT_VARIABLES:
            monkeypatch.delenv(key, raising=False)
        for key, value in production_env(tmp_path, **overrides).items():
            monkeypatch.setenv(key, value)
        sys.modules.pop(PRODUCTION, None)
        return importlib.import_module(PRODUCTION)

    yield load
    sys.modules.pop(PRODUCTION, None)


# --- production ----------------------------------------------------------------------------------

def test_production_passes_the_deployment_checklist(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output
    assert "WARNINGS" not in output


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without_required_settings(tmp_path, missing):
    result = manage("check", env=production_env(tmp_path, **{missing: ""}))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the {missing} environment variable for production" in result.stderr


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_settings_do_not_import_half_configured(tmp_path, missing):
    """What a WSGI server does at start-up (lms/wsgi.py): set Django up from the production settings."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.DATABASES['default']['ENGINE'], settings.WAGTAILADMIN_BASE_URL)"],
        cwd=BASE_DIR, env=production_env(tmp_path, **{missing: ""}), capture_output=True, text=True, timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: Set the " + missing in result.stderr
    assert "sqlite" not in result.stdout and "127.0.0.1:8000" not in result.stdout


def test_production_settings_import_with_every_variable(tmp_path):
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.WAGTAILADMIN_BASE_URL)"],
        cwd=BASE_DIR, env=production_env(tmp_path), capture_output=True, text=True, timeout=120, check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://lms.example.org"


@pytest.mark.parametrize("url", ["lms.example.org", "https://", "ftp://lms.example.org", "https://lms.example.org/uk/"])
def test_production_refuses_a_base_url_that_is_not_an_origin(load_production, url):
    with pytest.raises(ImproperlyConfigured, match="WAGTAILADMIN_BASE_URL must be the site's public origin"):
        load_production(WAGTAILADMIN_BASE_URL=url)


def test_production_reads_the_database_and_public_origin(load_production):
    production = load_production(DATABASE_URL="postgres://lms:secret@db.internal:5432/lms",
                                 WAGTAILADMIN_BASE_URL="https://lms.example.org/")

    assert production.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert production.DATABASES["default"]["HOST"] == "db.internal"
    assert production.WAGTAILADMIN_BASE_URL == "https://lms.example.org"


def test_production_reads_secrets_and_hosts_from_the_environment(load_production):
    production = load_production(SECRET_KEY="k" * 60, ALLOWED_HOSTS="lms.example.org, www.lms.example.org,")
    assert production.DEBUG is False
    assert production.SECRET_KEY == "k" * 60
    assert production.ALLOWED_HOSTS == ["lms.example.org", "www.lms.example.org"]


def test_production_runs_tasks_from_the_database(load_production):
    production = load_production()
    assert production.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in production.INSTALLED_APPS


def test_production_serves_static_files_with_whitenoise(load_production):
    production = load_production()
    assert production.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    middleware = production.MIDDLEWARE
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") == (
        middleware.index("django.middleware.security.SecurityMiddleware") + 1
    )


def test_production_shares_its_cache_through_redis(load_production):
    production = load_production(REDIS_URL="redis://cache.internal:6379/1")
    assert production.CACHES["default"] == {
        "BACKEND": "lms.operations.redis_cache.RedisCache", "LOCATION": "redis://cache.internal:6379/1",
    }
    # Wagtail's record of which renditions exist: the same Redis, under its own prefix.
    assert production.CACHES["renditions"]["LOCATION"] == "redis://cache.internal:6379/1"
    assert production.CACHES["renditions"]["KEY_PREFIX"] == "renditions"
    assert production.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_production_cookies_and_transport_are_secure(load_production):
    production = load_production()
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_SSL_REDIRECT
    assert production.SECURE_HSTS_SECONDS >= 60 * 60 * 24 * 365
    assert production.X_FRAME_OPTIONS == "DENY"


def test_behind_a_proxy_one_variable_tells_every_rate_limit_who_the_client_is(load_production):
    production = load_production(TRUSTED_PROXY_COUNT="1")

    assert production.ALLAUTH_TRUSTED_PROXY_COUNT == 1  # allauth: log-in, sign-up, password reset
    assert production.RATELIMIT_IP_META_KEY == "lms.client_address.client_ip"  # django-ratelimit asks allauth


def test_a_proxy_header_can_name_the_client_instead(load_production):
    production = load_production(TRUSTED_CLIENT_IP_HEADER="X-Real-IP")

    assert production.ALLAUTH_TRUSTED_CLIENT_IP_HEADER == "X-Real-IP"
    assert production.ALLAUTH_TRUSTED_PROXY_COUNT == 0


def test_production_refuses_the_old_rate_limit_variable(load_production):
    """RATELIMIT_IP_META_KEY told only django-ratelimit; ignoring it silently would count the proxy again."""
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT"):
        load_production(RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP")


def test_production_keeps_database_connections_and_checks_them(load_production):
    assert load_production().DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert load_production().DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert load_production(CONN_MAX_AGE="0").DATABASES["default"]["CONN_MAX_AGE"] == 0


def test_production_runs_every_queue_in_the_database(load_production):
    production = load_production()
    assert production.TASKS["default"]["QUEUES"] == ["default", "emails", "bulk"]


def test_production_refuses_an_unknown_task_backend(load_production):
    with pytest.raises(ImproperlyConfigured, match='TASKS_BACKEND must be "database" or "immediate"'):
        load_production(TASKS_BACKEND="celery")


def test_forms_are_trusted_from_the_public_origin_unless_told_otherwise(load_production):
    assert load_production().CSRF_TRUSTED_ORIGINS == ["https://lms.example.org"]
    production = load_production(CSRF_TRUSTED_ORIGINS="https://lms.example.org, https://www.lms.example.org")
    assert production.CSRF_TRUSTED_ORIGINS == ["https://lms.example.org", "https://www.lms.example.org"]


def test_hsts_switches_are_read_from_the_environment(load_production):
    production = load_production(SECURE_HSTS_INCLUDE_SUBDOMAINS="false", SECURE_HSTS_PRELOAD="no",
                                 SECURE_HSTS_SECONDS="3600", SECURE_SSL_REDIRECT="0")

    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS is False
    assert production.SECURE_HSTS_PRELOAD is False
    assert production.SECURE_HSTS_SECONDS == 3600
    assert production.SECURE_SSL_REDIRECT is False


@pytest.mark.parametrize(("name", "value", "message"), [
    ("SECURE_SSL_REDIRECT", "treu", "SECURE_SSL_REDIRECT must be true or false"),
    ("EMAIL_PORT", "smtp", "EMAIL_PORT must be a whole number"),
    ("EMAIL_PORT", "70000", "EMAIL_PORT must be between 0 and 65535"),
    ("SENTRY_TRACES_SAMPLE_RATE", "2", "SENTRY_TRACES_SAMPLE_RATE must be between 0 and 1"),
    ("LOG_FORMAT", "xml", 'LOG_FORMAT must be "json" or "text"'),
    ("LOG_LEVEL", "loud", "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL"),
])
def test_a_value_that_cannot_be_right_stops_start_up(load_production, name, value, message):
    """Read as its default, a mistyped "treu" would quietly turn a protection off."""
    with pytest.raises(ImproperlyConfigured, match=message):
        load_production(**{name: value})


def test_production_sends_email_as_configured(load_production):
    production = load_production(EMAIL_HOST="smtp.example.org", EMAIL_PORT="465", EMAIL_USE_SSL="true",
                                 EMAIL_HOST_USER="lms", EMAIL_HOST_PASSWORD=" pass word ",
                                 DEFAULT_FROM_EMAIL="Hromada <lms@example.org>")

    assert (production.EMAIL_HOST, production.EMAIL_PORT) == ("smtp.example.org", 465)
    assert production.EMAIL_USE_SSL is True and production.EMAIL_USE_TLS is False
    assert production.EMAIL_HOST_PASSWORD == " pass word "  # a password is taken as it is
    assert production.EMAIL_TIMEOUT == 10
    assert production.DEFAULT_FROM_EMAIL == "Hromada <lms@example.org>"
    assert production.SERVER_EMAIL == "Hromada <lms@example.org>"


def test_production_refuses_tls_and_ssl_together(load_production):
    with pytest.raises(ImproperlyConfigured, match="not both"):
        load_production(EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")


def test_private_files_may_not_live_under_public_media(load_production, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="PRIVATE_MEDIA_ROOT .* must be outside MEDIA_ROOT"):
        load_production(MEDIA_ROOT=str(tmp_path / "media"), PRIVATE_MEDIA_ROOT=str(tmp_path / "media" / "private"))


def test_production_reads_media_folders_and_who_serves_them(load_production, tmp_path):
    production = load_production(MEDIA_ROOT=str(tmp_path / "media"), PRIVATE_MEDIA_ROOT=str(tmp_path / "private"))
    media, private = production.MEDIA_ROOT, production.PRIVATE_MEDIA_ROOT
    assert media == tmp_path / "media"
    assert private == tmp_path / "private"
    assert production.SERVE_MEDIA is True
    assert load_production(SERVE_MEDIA="false").SERVE_MEDIA is False


def test_production_puts_media_in_object_storage_when_told(load_production):
    production = load_production(MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="hromada-media")
    assert production.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert production.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert load_production().STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert production.WAGTAILDOCS_SERVE_METHOD == "serve_view"  # privacy checked, never a redirect to the bucket


def test_production_logs_json_lines_with_request_ids(load_production):
    production = load_production()

    assert production.MIDDLEWARE[0] == "lms.operations.logs.RequestIdMiddleware"
    assert production.MIDDLEWARE.count("lms.operations.logs.RequestIdMiddleware") == 1
    handler = production.LOGGING["handlers"]["console"]
    assert handler["formatter"] == "json"
    assert handler["filters"] == ["request_id"]
    assert production.LOGGING["formatters"]["json"]["()"] == "lms.operations.logs.JsonFormatter"
    assert production.LOGGING["root"]["level"] == "INFO"
    text = load_production(LOG_FORMAT="text", LOG_LEVEL="warning")
    assert text.LOGGING["handlers"]["console"]["formatter"] == "text"
    assert text.LOGGING["root"]["level"] == "WARNING"


def test_sentry_starts_only_with_a_dsn_and_without_personal_data(load_production, monkeypatch):
    import sentry_sdk

    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))

    load_production()
    assert calls == []

    load_production(SENTRY_DSN="https://key@sentry.example.org/3", SENTRY_TRACES_SAMPLE_RATE="0.1")
    (options,) = calls
    assert options["dsn"] == "https://key@sentry.example.org/3"
    assert options["send_default_pii"] is False
    assert options["environment"] == "production"
    assert options["traces_sample_rate"] == 0.1
    assert [type(i).__name__ for i in options["integrations"]] == ["DjangoIntegration"]


@pytest.mark.django_db
def test_probes_are_not_redirected_to_https(load_production, client, settings):
    """A load balancer asks the app server over plain HTTP."""
    production = load_production()
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = production.SECURE_REDIRECT_EXEMPT

    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/uk/").status_code == 301


def test_a_typical_deployment_passes_the_checklist(tmp_path):
    env = production_env(tmp_path, TRUSTED_PROXY_COUNT="1", EMAIL_HOST="smtp.example.org", EMAIL_PORT="587",
                         EMAIL_USE_TLS="true", LOG_FORMAT="text", MEDIA_ROOT=str(tmp_path / "media"),
                         PRIVATE_MEDIA_ROOT=str(tmp_path / "private"), REPORTS_PSEUDONYM_KEY="k" * 40)
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- test settings ---------------------------------------------------------------------------------

def test_tests_run_tasks_immediately():
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert isinstance(task_backends["default"], ImmediateBackend)


def test_tests_keep_email_in_memory():
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
