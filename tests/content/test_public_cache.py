"""The process's own memory beside the shared cache (content/public_cache.LocalMemory)."""

import pytest

from content.public_cache import LocalMemory


def test_a_value_is_kept_for_its_generation_only():
    memory = LocalMemory(size=10)
    memory.put(1, "menu", ["uk"])

    assert memory.get(1, "menu") == ["uk"]
    assert memory.get(2, "menu") is None
    memory.put(2, "footer", "©")
    assert memory.get(1, "menu") is None  # a new generation forgets the old one's values


def test_the_least_recently_used_key_is_forgotten_first():
    memory = LocalMemory(size=2)
    memory.put(1, "a", 1)
    memory.put(1, "b", 2)
    memory.get(1, "a")
    memory.put(1, "c", 3)

    assert (memory.get(1, "a"), memory.get(1, "b"), memory.get(1, "c")) == (1, None, 3)


def test_a_value_expires_after_its_seconds(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("content.public_cache.time.monotonic", lambda: now[0])
    memory = LocalMemory(size=10)
    memory.put(1, "page", "x", seconds=300)

    now[0] += 299
    assert memory.get(1, "page") == "x"
    now[0] += 2
    assert memory.get(1, "page", "missing") == "missing"


@pytest.mark.parametrize("default", [None, "missing"])
def test_an_unknown_key_gives_the_default(default):
    assert LocalMemory(size=1).get(7, "nothing", default) == default


@pytest.mark.django_db
def test_a_public_fragment_is_rendered_once_per_generation_and_never_in_a_preview(rf, settings):
    from django.core.cache import cache
    from django.template import Context, Template

    from lms.operations import page_cache

    settings.PAGE_CACHE_SECONDS = 300
    template = Template("{% load site_tags %}{% publicfragment key %}{{ count }}{% endpublicfragment %}")

    def render(count, key=1, **attributes):
        request = rf.get("/uk/")
        for name, value in attributes.items():
            setattr(request, name, value)
        return template.render(Context({"request": request, "count": count, "key": key}))

    assert render(1) == "1"
    assert render(2) == "1"  # kept: the same for every reader
    assert render(3, key=2) == "3"  # other values, another fragment
    assert render(4, is_preview=True) == "4"  # a draft is never served from here
    page_cache.bump_generation(cache=cache)
    assert render(5) == "5"  # a publish shows at once
