"""Settings for pytest: fast hashing, in-memory email, immediate tasks, no index updates on every save."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-media" / "private"  # noqa: F405
# Tests never commit, so a publish inside one would never invalidate a cached page: the page cache's own tests
# (tests/lms/operations/test_page_cache.py) turn it on.
PAGE_CACHE_SECONDS = 0
# As in Wagtail's own test settings: saving a page does not re-index it. The tests that search opt back in with
# the `search_index` fixture (tests/conftest.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}

# Every run has its own test database, so two runs in one checkout (or one checkout's runs and another's) never
# drop or fill each other's. pytest-xdist gives the workers of one run one id and adds "_gw0", "_gw1" to the
# name itself; a run without workers is named after its process.
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8] or str(os.getpid())

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile
    from pathlib import Path

    # A file, not memory: an in-memory database would make the browser tests' live server share the test
    # thread's one connection, so a request still running when the test reads the database (or fails and tears
    # down) would mix its transaction with the test's. Django deletes the file when the run ends.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"hromada-test-{RUN_ID}.sqlite3")}  # noqa: F405
    # A throwaway database need not survive a power cut: no waiting for the disk on each commit.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA synchronous=OFF;"}  # noqa: F405
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_hromada_{RUN_ID}"}  # noqa: F405
