import asyncio
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections
from django.utils import translation

from tests.factories import ParticipantFactory, Tree, build_tree


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test starts in the default language, with its own media folder and an empty cache.

    The cache holds allauth's and django-ratelimit's counters, Wagtail's site root paths and cached
    page fragments; none of them may leak from one test into the next.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    cache.clear()
    with translation.override("uk"):
        yield
    cache.clear()


@pytest.fixture
def tree(db) -> Tree:
    return build_tree()


@pytest.fixture
def participant(db):
    return ParticipantFactory()


@pytest.fixture
def learner(client, participant):
    """The test client, logged in as a participant."""
    client.force_login(participant)
    return client


# --- Real browser tests (tests/e2e): Playwright driving Debian's Chromium ---------------------------

CHROMIUM = Path("/usr/bin/chromium")  # `apt-get install chromium`: Playwright's own download is not possible here
# Headless, and quiet: without the background-networking family of flags Chromium keeps calling home.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Sync Playwright runs its event loop in a greenlet of the test thread, and between its calls it leaves
# that loop marked as running there. While it is, Django refuses ORM calls ("async context") and keeps
# its database connections apart from the ones the test set up with (so a flush or a serialized
# rollback would act on the wrong ones). `browser_test` confines this to the browser tests: the ORM is
# allowed during them only (a global DJANGO_ALLOW_ASYNC_UNSAFE would also reach the `check --deploy`
# subprocess of tests/test_settings.py), and afterwards their own connections are closed and the loop
# unmarked, so the database clean-up and the tests that follow work as without a browser.


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def _playwright_loop(browser, playwright):
    """Playwright's loop, unmarked until a browser test needs it (the database set-up comes first), and
    marked running again before pytest-playwright closes the browser at the end."""
    asyncio._set_running_loop(None)
    yield playwright._loop
    asyncio._set_running_loop(playwright._loop)


@pytest.fixture
def browser_test(_playwright_loop, monkeypatch):
    """Every browser test uses this, before `page` or `new_context`; see the comment above."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    asyncio._set_running_loop(_playwright_loop)  # as Playwright leaves it between its own calls
    yield
    connections.close_all()
    asyncio._set_running_loop(None)
