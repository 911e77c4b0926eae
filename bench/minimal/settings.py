"""No database, no sessions, no templates: what Django itself costs a request under gunicorn."""

SECRET_KEY = "bench-minimal-not-secret"  # noqa: S105 - signs nothing
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = []
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "bench.minimal.urls"
DATABASES = {}
USE_TZ = True
