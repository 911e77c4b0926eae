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
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://cache.internal:6379/1",
    }


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


# --- test settings ---------------------------------------------------------------------------------

def test_tests_run_tasks_immediately():
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert isinstance(task_backends["default"], ImmediateBackend)


def test_tests_keep_email_in_memory():
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
