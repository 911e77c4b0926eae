import pytest
from django.utils import translation

from tests.factories import Tree, build_tree


@pytest.fixture(autouse=True)
def _ukrainian_by_default(settings, tmp_path):
    """Each test starts in the default language with its own media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("uk"):
        yield


@pytest.fixture
def tree(db) -> Tree:
    return build_tree()
