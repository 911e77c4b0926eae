"""Settings for pytest: fast hashing, in-memory email, immediate tasks."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-media" / "private"  # noqa: F405
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# On SQLite the test database is a file, not memory. An in-memory database would make the browser tests'
# live server share the test thread's one connection, so a request still running when the test reads the
# database (or fails and tears down) would mix its transaction with the test's and break the ones after.
# One file per checkout (runs of two checkouts do not meet; an interrupted run's file is replaced by the next).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import hashlib
    import tempfile
    from pathlib import Path

    _checkout = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"hromada-test-{_checkout}.sqlite3")}  # noqa: F405
    # A throwaway database need not survive a power cut: no waiting for the disk on each commit.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA synchronous=OFF;"}  # noqa: F405
