import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import ParticipantFactory, Tree, build_tree


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test starts in the default language, with its own media folder and an empty cache.

    The cache holds allauth's and django-ratelimit's counters, Wagtail's site root paths and cached
    page fragments; none of them may leak from one test into the next.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
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
