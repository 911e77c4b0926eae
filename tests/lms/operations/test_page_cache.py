"""The page cache: anonymous readers share rendered pages until a change is committed (lms/operations/page_cache.py)."""

import os
import re
import uuid

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection
from django.template import engines
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from content.models import StandardPage
from lms.operations import page_cache
from tests.content.factories import publish, publish_revision
from tests.courses.factories import translate_tree
from tests.enrollments.factories import ProfileFactory, fill, schedule

MIDDLEWARE = "lms.operations.page_cache.PageCacheMiddleware"
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """Off in the test settings; on here, for PAGE_CACHE_SECONDS."""
    settings.PAGE_CACHE_SECONDS = 300


def test_the_middleware_sits_right_after_the_request_id_before_every_other(settings):
    assert settings.MIDDLEWARE[:2] == ["lms.operations.logs.RequestIdMiddleware", MIDDLEWARE]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a block left for its commit, as the end of an editor's request does (tests never commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def page_template(settings, monkeypatch):
    """Gives StandardPage a template written in the test (a nonce script, a CSRF form)."""

    def use(source: str):
        templates = [{**settings.TEMPLATES[0], "APP_DIRS": False}]
        options = dict(templates[0]["OPTIONS"])
        options["loaders"] = [("django.template.loaders.locmem.Loader", {"test/page.html": source}),
                              "django.template.loaders.filesystem.Loader",
                              "django.template.loaders.app_directories.Loader"]
        templates[0]["OPTIONS"] = options
        settings.TEMPLATES = templates
        engines._engines = {}  # noqa: SLF001  (the engines read TEMPLATES once; the settings fixture restores it)
        monkeypatch.setattr(StandardPage, "template", "test/page.html")

    yield use
    engines._engines = {}  # noqa: SLF001


def cached(response) -> str | None:
    return response.headers.get(page_cache.HEADER)


def test_the_second_anonymous_request_is_served_from_the_cache(client, tree):
    first = client.get(tree.course.url)
    second = client.get(tree.course.url)

    assert (first.status_code, cached(first)) == (200, "miss")
    assert (second.status_code, cached(second)) == (200, "hit")
    assert second.content == first.content
    assert "Ведення випадку" in second.content.decode()
    assert second["Content-Language"] == first["Content-Language"] == "uk"
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_hit_carries_every_header_the_stack_gave_the_page_and_its_own_request_id(client, tree, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    first = client.get(tree.course.url, secure=True)
    second = client.get(tree.course.url, secure=True)

    assert (cached(first), cached(second)) == ("miss", "hit")
    for header in ("Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy",
                   "Cross-Origin-Opener-Policy", "Content-Security-Policy", "X-Frame-Options", "Vary",
                   "Content-Language", "Content-Type"):
        assert second[header] == first[header], header
    assert first["Strict-Transport-Security"].startswith("max-age=3600")
    assert second["X-Request-ID"] and second["X-Request-ID"] != first["X-Request-ID"]
    assert "Set-Cookie" not in second


def test_a_hit_keeps_the_request_id_the_proxy_gave(client, tree):
    client.get(tree.course.url)

    response = client.get(tree.course.url, headers={"X-Request-ID": "proxy-id-42"})

    assert (cached(response), response["X-Request-ID"]) == ("hit", "proxy-id-42")


def test_static_files_are_not_looked_up(rf):
    assert page_cache.lookup_key(rf.get("/static/css/site.css")) is None
    assert page_cache.lookup_key(rf.get("/uk/courses/")) is not None


def test_a_hit_asks_the_database_nothing(client, tree, django_assert_num_queries):
    client.get(tree.course.url)

    with django_assert_num_queries(0):
        response = client.get(tree.course.url)

    assert cached(response) == "hit"


def test_a_miss_asks_the_database_nothing_more_than_the_page_does(client, tree, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(tree.course.url)  # Wagtail's site root paths, cached for both counts below
    with CaptureQueriesContext(connection) as uncached:
        client.get(tree.course.url)
    settings.PAGE_CACHE_SECONDS = 300
    with CaptureQueriesContext(connection) as missed:
        response = client.get(tree.course.url)

    assert cached(response) == "miss"
    assert len(missed) == len(uncached)


def test_head_is_served_from_what_get_stored(client, tree):
    client.get(tree.course.url)

    assert cached(client.head(tree.course.url)) == "hit"


def test_logged_in_readers_neither_get_nor_fill_the_cache(client, tree, participant):
    client.force_login(participant)
    mine = client.get(tree.course.url)
    client.logout()
    anonymous = client.get(tree.course.url)
    client.force_login(participant)
    mine_again = client.get(tree.course.url)

    assert cached(mine) is None and cached(mine_again) is None
    assert cached(anonymous) == "miss"  # the logged-in request stored nothing
    assert reverse("account_logout") in mine_again.content.decode()
    assert reverse("account_logout") not in anonymous.content.decode()


def test_publishing_the_page_shows_the_new_revision_at_once(client, tree, committed):
    client.get(tree.course.url)
    with committed():
        publish_revision(tree.course, title="Ведення випадку: нова редакція")

    response = client.get(tree.course.url)

    assert cached(response) == "miss"
    assert "Ведення випадку: нова редакція" in response.content.decode()
    assert cached(client.get(tree.course.url)) == "hit"


def test_publishing_another_page_changes_the_menu_of_every_page(client, tree, committed):
    client.get(tree.course.url)
    with committed():
        publish_revision(tree.news, slug="novyny")

    response = client.get(tree.course.url)

    assert cached(response) == "miss"
    assert 'href="/uk/novyny/"' in response.content.decode()


def test_unpublishing_a_page_takes_it_off_the_cached_catalogue(client, tree, committed):
    assert "Ведення випадку" in client.get(tree.catalogue.url).content.decode()
    with committed():
        tree.course.unpublish()

    response = client.get(tree.catalogue.url)

    assert cached(response) == "miss"
    assert "Ведення випадку" not in response.content.decode()


def test_a_new_training_session_shows_on_the_course_page_at_once(client, tree, committed):
    client.get(tree.course.url)
    with committed():
        schedule(course=tree.course, title="Сесія в Марганці", city="Марганець")

    response = client.get(tree.course.url)

    assert cached(response) == "miss"
    assert "Сесія в Марганці" in response.content.decode()


def test_a_new_enrollment_updates_the_places_left(client, tree, committed):
    with committed():
        session = schedule(course=tree.course, capacity=2)
    assert "2 місця" in client.get(tree.course.url).content.decode()
    with committed():
        fill(session, 1)

    response = client.get(tree.course.url)

    assert cached(response) == "miss"
    assert "1 місце" in response.content.decode()


def test_the_languages_are_cached_apart(client, tree):
    english = translate_tree(tree)
    uk_first, en_first = client.get(tree.course.url), client.get(english.course.url)
    uk_again, en_again = client.get(tree.course.url), client.get(english.course.url)

    assert tree.course.url.startswith("/uk/") and english.course.url.startswith("/en/")
    assert [cached(r) for r in (uk_first, en_first, uk_again, en_again)] == ["miss", "miss", "hit", "hit"]
    assert uk_again.content == uk_first.content and en_again.content == en_first.content
    assert "Case management" in en_again.content.decode() and "Case management" not in uk_again.content.decode()
    assert (uk_again["Content-Language"], en_again["Content-Language"]) == ("uk", "en")


def test_a_cached_page_carries_the_nonce_of_its_own_header(client, tree, page_template):
    page_template('<html><body><h1>{{ page.title }}</h1><script nonce="{{ request.csp_nonce }}">'
                  'document.title = "x";</script></body></html>')
    page = publish(tree.home, StandardPage(title="Про нас", slug="about"))

    responses = [client.get(page.url) for _ in range(3)]

    assert [cached(r) for r in responses] == ["miss", "hit", "hit"]
    nonces = []
    for response in responses:
        in_html = re.search(r'<script nonce="([^"]+)">', response.content.decode()).group(1)
        in_header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert in_html == in_header
        nonces.append(in_html)
    assert len(set(nonces)) == 3  # never the same nonce twice


def test_a_page_with_a_csrf_form_is_never_cached(client, tree, page_template):
    page_template('<html><body><form method="post">{% csrf_token %}<button>Go</button></form></body></html>')
    page = publish(tree.home, StandardPage(title="Форма", slug="form"))

    first, second = client.get(page.url), client.get(page.url)

    assert "csrfmiddlewaretoken" in second.content.decode()
    assert (cached(first), cached(second)) == ("miss", "miss")


def test_the_csrf_cookie_a_reader_already_has_does_not_get_a_form_cached(client, tree, page_template):
    page_template('<html><body><form method="post">{% csrf_token %}<button>Go</button></form></body></html>')
    page = publish(tree.home, StandardPage(title="Форма", slug="form"))
    client.get(page.url)  # sets the csrftoken cookie; from now on the cookie is not new

    assert cached(client.get(page.url)) == "miss"
    assert cached(client.get(page.url)) == "miss"


def test_a_post_is_neither_served_from_nor_stored_in_the_cache(client, tree):
    posted = client.post(tree.course.url)
    after_post = client.get(tree.course.url)
    posted_again = client.post(tree.course.url)

    assert cached(posted) is None and cached(posted_again) is None
    assert cached(after_post) == "miss"


def test_a_query_string_bypasses_the_cache(client, tree):
    client.get(tree.course.url)

    assert cached(client.get(tree.course.url, {"utm_source": "mail"})) is None


def test_a_reader_with_a_message_to_see_is_not_served_from_the_cache(client, tree):
    client.get(tree.course.url)
    client.cookies[CookieStorage.cookie_name] = "pending"

    assert cached(client.get(tree.course.url)) is None


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_a_view_restricted_page_is_never_cached(client, tree, kind):
    PageViewRestriction.objects.create(page=tree.course, restriction_type=kind, password="secret-words")

    first, second = client.get(tree.course.url), client.get(tree.course.url)

    assert (cached(first), cached(second)) == ("miss", "miss")
    assert second.status_code == (302 if kind == PageViewRestriction.LOGIN else 200)


def test_restricting_a_cached_page_stops_serving_it(client, tree, committed):
    client.get(tree.course.url)
    with committed():
        PageViewRestriction.objects.create(page=tree.course, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(tree.course.url)

    assert (response.status_code, cached(response)) == (302, "miss")


def test_a_preview_is_never_the_cached_page(client, tree):
    # Wagtail's preview request asks for the page's own URL on the site's host, through the same middleware.
    client.get(tree.course.url, HTTP_HOST="localhost")
    assert cached(client.get(tree.course.url, HTTP_HOST="localhost")) == "hit"
    tree.course.title = "Чернетка, яку бачить лише редактор"

    preview = tree.course.make_preview_request()

    assert cached(preview) is None
    assert "Чернетка, яку бачить лише редактор" in preview.content.decode()


def test_the_generation_moves_only_when_the_change_is_committed(tree, django_capture_on_commit_callbacks):
    before = page_cache.current_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        schedule(course=tree.course)
        assert page_cache.current_generation() == before

    for callback in callbacks:
        callback()
    assert page_cache.current_generation() > before


def test_a_log_in_does_not_empty_the_cache_but_a_trainers_new_name_does(tree, participant, committed):
    profile = ProfileFactory(user=participant)
    before = page_cache.current_generation()
    with committed():
        participant.save(update_fields=["last_login"])
    assert page_cache.current_generation() == before

    with committed():
        profile.full_name = "Ірина Коваль"
        profile.save()
    assert page_cache.current_generation() > before


def test_a_certificate_rule_and_what_it_requires_move_the_generation(tree, committed):
    """My learning keeps rules per generation (certificates.selectors.training_outlooks)."""
    from tests.certificates.factories import CertificateRuleFactory

    before = page_cache.current_generation()
    with committed():
        rule = CertificateRuleFactory(session=schedule(course=tree.course), course=None)
    after_rule = page_cache.current_generation()
    with committed():
        rule.required_modules.add(tree.modules[0])

    assert before < after_rule < page_cache.current_generation()


def test_the_site_is_read_once_per_generation(client, tree, participant):
    from wagtail.models import Site

    client.force_login(participant)
    client.get(reverse("my_learning"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("my_learning"))
    assert response.status_code == 200
    assert not [q for q in captured.captured_queries if '"wagtailcore_site"' in q["sql"]]
    assert response.wsgi_request._wagtail_site == Site.objects.get(is_default_site=True)


def test_page_cache_seconds_zero_turns_it_off(client, tree, settings):
    settings.PAGE_CACHE_SECONDS = 0

    responses = [client.get(tree.course.url) for _ in range(2)]

    assert [cached(r) for r in responses] == [None, None]


def test_a_cache_outage_serves_pages_without_it(client, tree, monkeypatch):
    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("the cache is down")
            return fail

    monkeypatch.setattr(page_cache, "page_cache", Down)

    response = client.get(tree.course.url)

    assert response.status_code == 200 and "Ведення випадку" in response.content.decode()


# --- Two app servers sharing Redis ----------------------------------------------------------------------------

def _redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture
def shared_redis(settings):  # noqa: ARG001  (after the settings fixture: restored before conftest clears the cache)
    """The default cache on Redis db 15 under a prefix of its own; skipped without Redis (failed in CI)."""
    if not _redis_reachable():
        if os.environ.get("REQUIRE_SYSTEM_PACKAGES") == "1":
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    prefix = f"test-page-cache-{uuid.uuid4().hex}"
    redis_cache = {"BACKEND": "lms.operations.redis_cache.RedisCache", "LOCATION": REDIS_URL,
                   "KEY_PREFIX": prefix}
    # Not the settings fixture: conftest clears the default cache after the test, and Redis' clear() is FLUSHDB.
    with override_settings(CACHES={**settings.CACHES, "default": redis_cache}):
        yield prefix
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    keys = list(connection.scan_iter(f"{prefix}:*"))
    if keys:
        connection.delete(*keys)


def test_a_publish_on_one_server_invalidates_the_page_on_another(client, tree, shared_redis):
    server_a = caches.create_connection("default")  # the editor's app server: its own client object
    server_b = caches.create_connection("default")  # the reader's
    assert server_a is not server_b and server_a._cache is not server_b._cache  # noqa: SLF001

    assert cached(client.get(tree.course.url)) == "miss"
    assert cached(client.get(tree.course.url)) == "hit"
    seen_by_b = page_cache.current_generation(cache=server_b)

    page_cache.bump_generation(cache=server_a)

    assert page_cache.current_generation(cache=server_b) == seen_by_b + 1
    assert cached(client.get(tree.course.url)) == "miss"
    assert cached(client.get(tree.course.url)) == "hit"


def test_redis_keeps_the_entry_for_page_cache_seconds(client, tree, shared_redis, settings):
    import redis

    settings.PAGE_CACHE_SECONDS = 120
    client.get(tree.course.url)

    connection = redis.Redis.from_url(REDIS_URL)
    entries = [key for key in connection.scan_iter(f"{shared_redis}:1:page-cache:*") if b"generation" not in key]
    assert len(entries) == 1
    assert 100 < connection.ttl(entries[0]) <= 120
    assert connection.ttl(f"{shared_redis}:1:{page_cache.GENERATION_KEY}") == -1  # never expires


def test_a_hit_reads_only_the_generation_from_redis_on_one_reused_client(client, tree, shared_redis):
    import redis

    cache = caches["default"]
    assert cache._cache.get_client() is cache._cache.get_client()  # noqa: SLF001  (Django builds one per call)
    client.get(tree.course.url)

    commands = []
    original = redis.Redis.execute_command

    def counting(self, *args, **options):
        commands.append(args[0])
        return original(self, *args, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(redis.Redis, "execute_command", counting)
        assert cached(client.get(tree.course.url)) == "hit"  # the entry from Redis, once per process
        first = list(commands)
        assert cached(client.get(tree.course.url)) == "hit"  # then this process's own copy
    assert first == ["GET", "GET"]
    assert commands[len(first):] == ["GET"]


def test_an_entry_rendered_before_a_publish_is_not_served_after_it(client, tree, shared_redis):
    """The generation read before rendering goes into the entry: a change committed while the page was rendered
    makes that entry stale at once, even though it was stored afterwards."""
    request_generation = page_cache.current_generation()
    client.get(tree.course.url)
    page_cache.bump_generation()
    key = page_cache.lookup_key(RequestFactory().get(tree.course.url))
    _, entry = page_cache.read(key, cache=caches["default"])
    assert entry is None
    stored = caches["default"].get(key)
    assert stored["generation"] == request_generation
    assert cached(client.get(tree.course.url)) == "miss"
    assert cached(client.get(tree.course.url)) == "hit"


def test_an_entry_of_another_version_is_replaced_and_then_served(client, tree):
    """During a deploy, servers of the old and the new version share the cache: an entry in the other's format is
    rendered afresh, not kept in this process's memory as if it could be replayed."""
    client.get(tree.course.url)
    key = page_cache.lookup_key(RequestFactory().get(tree.course.url))
    stored = caches["default"].get(key)
    caches["default"].set(key, {**stored, "version": page_cache.ENTRY_VERSION - 1})

    responses = [client.get(tree.course.url) for _ in range(3)]

    assert [cached(r) for r in responses] == ["miss", "hit", "hit"]
    assert caches["default"].get(key)["version"] == page_cache.ENTRY_VERSION


def test_our_own_views_are_learnt_once_and_not_looked_up_again(client, tree, shared_redis):
    import redis

    verify = reverse("verify_certificate_form")
    client.get(verify)  # answered by our view: never a page of the cache
    client.get(tree.course.url)
    commands = []
    original = redis.Redis.execute_command

    def counting(self, *args, **options):
        commands.append((args[0], str(args[1:])))
        return original(self, *args, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(redis.Redis, "execute_command", counting)
        response = client.get(verify)
    assert response.status_code == 200 and cached(response) is None
    assert not [command for command in commands if "page-cache:" in command[1] and "generation" not in command[1]]
    assert cached(client.get(tree.course.url)) == "hit"  # pages are still looked up
