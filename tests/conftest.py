import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from wagtail.signal_handlers import disable_reference_index_auto_update, reference_index_auto_update_disabled

from tests.courses.factories import Tree, build_tree
from tests.factories import CoordinatorFactory, ParticipantFactory, ReviewerFactory, TrainerFactory


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


@pytest.fixture(scope="session", autouse=True)
def _no_reference_index():
    """Saving a page or a snippet does not update Wagtail's reference index ("Usage" in the admin): a third of
    the cost of building pages. `reference_index` opts back in."""
    with disable_reference_index_auto_update():
        yield


@pytest.fixture
def reference_index():
    """For the tests that read references: saves update the reference index again, as on the site."""
    previous = getattr(reference_index_auto_update_disabled, "value", False)
    reference_index_auto_update_disabled.value = False
    yield
    reference_index_auto_update_disabled.value = previous


@pytest.fixture
def search_index(settings):
    """For the tests that search: saves update the search index, as on the site (the test settings turn that
    off). Ask for it before the pages are built: `@pytest.mark.usefixtures("search_index")`."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}


@pytest.fixture(scope="module")
def _module_tree(request, django_db_setup, django_db_blocker):
    """For a module marked `shared_tree`: one page tree for all its tests, built once in a transaction that is rolled
    back when the module ends. Each test still runs in its own savepoint inside it, so what a test writes (a new
    page, a revision, a session) is gone before the next one. Only for modules whose every test may see the tree
    (one that builds its own would find the slugs taken, one that counts pages would count these)."""
    if request.node.get_closest_marker("shared_tree") is None:
        yield None
        return
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_tree()
        transaction.set_rollback(True)
    cache.clear()  # Wagtail's site root paths pointed at the rolled-back site


@pytest.fixture
def tree(request, _module_tree, db) -> Tree:
    """A Ukrainian home with a catalogue, one course with two modules and a news index (the default site's root):
    built for the test, or the module's shared one (marker `shared_tree`) read afresh."""
    if _module_tree is None:
        return build_tree()
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        raise pytest.UsageError("A transactional test cannot use the module's shared tree: it lives in a transaction.")
    return _module_tree.fresh()


@pytest.fixture
def participant(db):
    return ParticipantFactory()


@pytest.fixture
def trainer(db):
    return TrainerFactory()


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


@pytest.fixture
def reviewer(db):
    return ReviewerFactory()


@pytest.fixture
def admin(client, coordinator):
    """The test client, logged in to the Wagtail admin as a coordinator."""
    client.force_login(coordinator)
    return client


@pytest.fixture
def learner(client, participant):
    """The test client, logged in as a participant."""
    client.force_login(participant)
    return client


# --- What needs more than Python: Debian's Chromium (browser tests) and Pango (certificate PDFs) ---------------
# `make install` installs both. Without them the tests that need them are skipped, and say why; CI sets
# REQUIRE_SYSTEM_PACKAGES=1, so there a missing package fails those tests instead.

CHROMIUM = Path("/usr/bin/chromium")  # `apt-get install chromium`: Playwright's own download is not possible here
REQUIRED = os.environ.get("REQUIRE_SYSTEM_PACKAGES") == "1"


def _weasyprint_loads() -> bool:
    try:
        import weasyprint  # noqa: F401  (loads Pango)
    except OSError:
        return False
    return True


@pytest.hookimpl(trylast=True)  # after `-m` has deselected
def pytest_collection_modifyitems(config, items):
    browser = [item for item in items if "browser" in item.keywords]
    if browser and len(browser) < len(items):
        # Playwright's event loop would make Django refuse the ORM in the other tests (see tests/e2e/conftest.py).
        raise pytest.UsageError("Run the browser tests in a process of their own: pytest -m browser (make test does).")
    if browser and os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") != "true":
        raise pytest.UsageError("The browser tests need DJANGO_ALLOW_ASYNC_UNSAFE=true in their process "
                                "(make test sets it): DJANGO_ALLOW_ASYNC_UNSAFE=true pytest -m browser")
    if REQUIRED:
        return
    if browser and not CHROMIUM.exists():
        for item in browser:
            item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: make install"))
    pdf = [item for item in items if "pdf" in item.keywords]
    if pdf and not _weasyprint_loads():
        for item in pdf:
            item.add_marker(pytest.mark.skip(reason="WeasyPrint cannot load Pango: make install"))
