"""A deploy never serves what the previous code rendered: the release is part of the shared cache's keys
(lms/operations/release.py)."""

import os

import pytest
from django.core.cache import caches

from content import public_cache
from lms.operations import page_cache
from lms.operations.release import code_digest, release


@pytest.fixture(autouse=True)
def _fresh_release():
    release.cache_clear()
    yield
    release.cache_clear()


def test_the_configured_release_wins(settings):
    settings.RELEASE = "3f2a9c1"

    assert release() == "3f2a9c1"


def test_without_one_the_digest_of_the_code_names_the_release(settings, tmp_path):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "base.html"
    template.write_text("<html>")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "notes.md").write_text("not code")
    first = code_digest(tmp_path)

    assert code_digest(tmp_path) == first  # the same code, the same release
    (tmp_path / "content" / "notes.md").write_text("still not code, changed")
    assert code_digest(tmp_path) == first
    template.write_text("<html lang>")
    assert code_digest(tmp_path) != first  # a template changed
    os.utime(template, ns=(1, 1))
    second = code_digest(tmp_path)
    assert second != first
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text("{}")
    assert code_digest(tmp_path, static_root=tmp_path / "static") != second  # the static files' manifest counts

    settings.RELEASE = ""
    assert len(release()) == 12


def test_a_new_release_renders_pages_and_fragments_afresh(client, tree, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.RELEASE = "old"
    client.get(tree.course.url)
    old = client.get(tree.course.url)
    old_number = public_cache.generation()

    settings.RELEASE = "new"
    release.cache_clear()
    new = client.get(tree.course.url)

    assert (old[page_cache.HEADER], new[page_cache.HEADER]) == ("hit", "miss")
    assert public_cache.generation() != old_number
    assert str(page_cache.current_generation(cache=caches["default"])) in str(public_cache.generation())
    assert client.get(tree.course.url)[page_cache.HEADER] == "hit"
