"""Site pages: home, news, standard pages, search, the 404 page and the language redirect at /."""

import re
from datetime import date
from urllib.parse import urlencode

import pytest
from wagtail import hooks

from content import selectors
from content.models import HomePageFeaturedCourse, StandardPage
from tests.content.factories import add_news, publish
from tests.courses.factories import add_course, translate_tree
from tests.helpers import text, uk, uk_plural

pytestmark = pytest.mark.django_db

MISSION = "<p>Безкоштовне навчання для фахівців соціальної сфери громад.</p>"


def news_titles(html: str) -> list[str]:
    return re.findall(r'<h[23]><a href="/\w\w/news/[^"]+/">([^<]+)</a></h[23]>', html)


def result_urls(html: str) -> list[str]:
    return re.findall(r'<h2><a href="([^"]+)">', html.split('<ol class="results"', 1)[-1]) \
        if '<ol class="results"' in html else []


# --- Home ----------------------------------------------------------------------------------


@pytest.fixture
def home_with_content(tree):
    second = add_course(tree.catalogue, slug="first-aid", modules=1, title="Перша допомога")
    add_course(tree.catalogue, slug="not-featured", modules=1, title="Не на головній")
    tree.home.mission = MISSION
    tree.home.featured_courses = [  # the admin's inline panel sets sort_order; so do we
        HomePageFeaturedCourse(course=second, sort_order=0), HomePageFeaturedCourse(course=tree.course, sort_order=1),
    ]
    tree.home.save_revision().publish()
    for day, slug in [(1, "oldest"), (3, "third"), (10, "newest"), (5, "second")]:
        add_news(tree.news, slug=slug, date=date(2025, 3, day), title=f"Новина {slug}")
    return tree


def test_home_page_shows_mission_featured_courses_and_latest_news(client, home_with_content):
    response = client.get("/uk/")

    assert response.status_code == 200
    html = text(response)
    assert "Безкоштовне навчання для фахівців соціальної сфери громад." in html
    featured = html.split('id="featured-heading"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'class="card__title"><a href="([^"]+)">([^<]+)<', featured) == [
        ("/uk/courses/first-aid/", "Перша допомога"), ("/uk/courses/case-management/", "Ведення випадку"),
    ]
    assert "Не на головній" not in html
    assert news_titles(html) == ["Новина newest", "Новина second", "Новина third"]
    assert 'href="/uk/news/"' in html
    assert 'href="/uk/courses/"' in html


def test_english_home_features_the_english_courses(client, home_with_content):
    english = translate_tree(home_with_content)
    english.home.mission = "<p>Free training for community social workers.</p>"
    english.home.save_revision().publish()
    # featured rows, copied with the page, still point at the Ukrainian courses
    assert {row.course.locale.language_code for row in english.home.featured_courses.all()} == {"uk"}

    response = client.get("/en/")

    assert response.status_code == 200
    html = text(response)
    assert '<html lang="en">' in html
    assert "Free training for community social workers." in html
    featured = html.split('id="featured-heading"', 1)[1].split("</section>", 1)[0]
    # "first-aid" has no English translation, so only the translated course is featured
    assert re.findall(r'class="card__title"><a href="([^"]+)">([^<]+)<', featured) == [
        ("/en/courses/case-management/", "Case management"),
    ]
    assert "Ведення випадку" not in html
    assert "Новина" not in html  # Ukrainian news stays on the Ukrainian home


def test_home_page_without_news_or_featured_courses(client, tree):
    response = client.get("/uk/")

    assert response.status_code == 200
    html = text(response)
    assert "<h1>Головна</h1>" in html
    assert 'id="featured-heading"' not in html
    assert 'id="news-heading"' not in html


def test_home_page_shows_what_the_apps_above_add_through_its_hook(client, tree):
    asked = []

    def add(page, request, context):
        asked.append((page.pk, "latest_news" in context))
        return {"featured": [tree.course]}

    with hooks.register_temporarily("home_page_context", add, order=1):  # after courses' own
        response = client.get("/uk/")

    assert asked == [(tree.home.pk, True)]  # after the home page's own reads
    assert response.context["featured"] == [tree.course]
    assert f'<a href="{tree.course.url}">Ведення випадку</a>' in text(response)


# --- News ----------------------------------------------------------------------------------


def test_news_index_is_newest_first_and_paginated(client, tree, monkeypatch):
    monkeypatch.setattr(selectors, "NEWS_PER_PAGE", 2)
    for day, slug in [(2, "b"), (1, "a"), (3, "c")]:
        add_news(tree.news, slug=slug, date=date(2025, 4, day), summary=f"Коротко про {slug}")

    first = client.get("/uk/news/")
    second = client.get("/uk/news/", {"page": 2})

    assert first.status_code == second.status_code == 200
    assert news_titles(text(first)) == ["Новина c", "Новина b"]
    assert news_titles(text(second)) == ["Новина a"]
    assert "Коротко про c" in text(first)
    assert '<time datetime="2025-04-03">' in text(first)
    assert uk("Page %(number)s of %(total)s", number=1, total=2) in text(first)
    assert 'href="?page=2" rel="next"' in text(first)


def test_news_index_out_of_range_page_shows_the_last_page(client, tree):
    add_news(tree.news, slug="only")

    response = client.get("/uk/news/", {"page": "999"})

    assert response.status_code == 200
    assert news_titles(text(response)) == ["Новина only"]


def test_empty_news_index(client, tree):
    response = client.get("/uk/news/")

    assert response.status_code == 200
    assert uk("There is no news yet.") in text(response)


def test_news_page_shows_date_and_body(client, tree):
    item = add_news(
        tree.news, slug="enrollment-open", title="Відкрито набір", date=date(2025, 3, 14),
        summary="Запрошуємо на навчання.", body=[("markdown", "Реєстрація триває **до 1 квітня**.")],
    )

    response = client.get(item.url)

    assert item.url == "/uk/news/enrollment-open/"
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Відкрито набір</h1>" in html
    assert re.search(r'<time datetime="2025-03-14">[^<]*14[^<]*</time>', html)
    assert "Запрошуємо на навчання." in html
    assert "Реєстрація триває <strong>до 1 квітня</strong>." in html
    assert 'href="/uk/news/">Новини</a>' in html


def test_standard_page(client, tree):
    page = publish(tree.home, StandardPage(
        title="Про нас", slug="about", intro="Хто ми і що робимо.",
        body=[("markdown", "## Наша команда\n\nМи навчаємо *фахівців* громад.")],
    ))

    response = client.get("/uk/about/")

    assert page.url == "/uk/about/"
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Про нас</h1>" in html
    assert '<p class="lead">Хто ми і що робимо.</p>' in html
    assert "Наша команда</h2>" in html
    assert "<em>фахівців</em>" in html


# --- Search --------------------------------------------------------------------------------


@pytest.fixture
def bilingual(tree):
    english = translate_tree(tree)
    for module in english.modules:
        module.body = [("markdown", "Assessment of needs and strengths.")]
        module.save_revision().publish()
    return tree, english


@pytest.mark.usefixtures("search_index")
def test_search_finds_ukrainian_module_only_on_the_ukrainian_site(client, bilingual):
    tree, english = bilingual

    response = client.get("/uk/search/", {"q": "модуля"})

    assert response.status_code == 200
    html = text(response)
    urls = result_urls(html)
    assert set(urls) == {m.url for m in tree.modules}
    assert all(url.startswith("/uk/") for url in urls)
    assert uk_plural("%(counter)s result", "%(counter)s results", 2, counter=2) in html
    assert 'value="модуля"' in html


@pytest.mark.usefixtures("search_index")
def test_search_keeps_to_the_readers_language(client, bilingual):
    tree, english = bilingual
    # a Ukrainian word that the English copies also contain: English pages must still not appear on /uk/
    for module in english.modules:
        module.body = [("markdown", "Глосарій: оцінювання потреб.")]
        module.save_revision().publish()
    for module in tree.modules:
        module.body = [("markdown", "Глосарій: оцінювання потреб.")]
        module.save_revision().publish()

    uk_results = result_urls(text(client.get("/uk/search/", {"q": "Глосарій"})))
    en_results = result_urls(text(client.get("/en/search/", {"q": "Глосарій"})))

    assert sorted(uk_results) == sorted(m.url for m in tree.modules)
    assert sorted(en_results) == sorted(m.url for m in english.modules)


@pytest.mark.usefixtures("search_index")
def test_english_search_finds_english_pages(client, bilingual):
    tree, english = bilingual

    response = client.get("/en/search/", {"q": "strengths"})

    assert response.status_code == 200
    html = text(response)
    assert '<html lang="en">' in html
    assert set(result_urls(html)) == {m.url for m in english.modules}
    assert "2 results" in html


def test_search_with_no_results_says_so(client, tree):
    response = client.get("/uk/search/", {"q": "квантова механіка"})

    assert response.status_code == 200
    html = text(response)
    assert uk("Nothing was found for “%(query)s”. Check the spelling or try a shorter or more general word.",
              query="квантова механіка") in html
    assert 'href="/uk/courses/"' in html


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_empty_search_shows_only_the_form(client, tree, params):
    response = client.get("/uk/search/", params)

    assert response.status_code == 200
    html = text(response)
    assert '<form class="search-form" role="search" method="get" action="/uk/search/">' in html
    assert '<ol class="results"' not in html
    assert "Nothing was found" not in html and uk(
        "Nothing was found for “%(query)s”. Check the spelling or try a shorter or more general word.", query=""
    ) not in html


def test_search_query_is_escaped(client, tree):
    response = client.get("/uk/search/", {"q": '<script>alert("x")</script>'})

    assert response.status_code == 200
    raw = response.content.decode()
    assert "<script>alert" not in raw
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in raw


def test_overly_long_search_is_cut_short_not_an_error(client, tree):
    response = client.get("/uk/search/", {"q": "модуль " * 700 + "x" * 100})

    assert response.status_code == 200
    main = text(response).split('<main', 1)[1]
    assert response.context["query"] == ("модуль " * 700)[:200].strip()
    assert f'value="{response.context["query"]}"' in main
    assert "x" * 100 not in main


@pytest.mark.usefixtures("search_index")
def test_search_paginates_results(client, tree):
    for n in range(11):
        add_course(tree.catalogue, slug=f"course-{n}", modules=0, title=f"Курс фасилітації {n}")

    first = client.get("/uk/search/", {"q": "фасилітації"})
    second = client.get("/uk/search/", {"q": "фасилітації", "page": 2})

    assert first.status_code == second.status_code == 200
    assert len(result_urls(text(first))) == 10
    assert len(result_urls(text(second))) == 1
    assert f'href="?{urlencode({"q": "фасилітації", "page": 2})}" rel="next"'.replace("&", "&amp;") \
        in first.content.decode()


def test_search_is_rate_limited(client, tree, settings):
    settings.SEARCH_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert client.get("/uk/search/", {"q": "модуль"}).status_code == 200

    response = client.get("/uk/search/", {"q": "модуль"})

    assert response.status_code == 429
    html = text(response)
    assert '<html lang="uk">' in html
    assert uk("Too many requests") in html
    assert uk("You have sent too many requests in a short time. Please wait a minute and try again.") in html
    # another address is not affected
    assert client.get("/uk/search/", {"q": "модуль"}, REMOTE_ADDR="203.0.113.9").status_code == 200


# --- 404 and the language redirect ---------------------------------------------------------


def test_unknown_page_is_a_friendly_404(client, tree):
    response = client.get("/uk/no-such-page/")

    assert response.status_code == 404
    html = text(response)
    assert '<html lang="uk">' in html
    assert f"<h1>{uk('Page not found')}</h1>" in html
    assert uk("Page not found") != "Page not found"
    assert '<a href="/uk/" hreflang="uk" lang="uk">' in html
    assert '<a href="/en/" hreflang="en" lang="en">' in html


def test_english_404_is_in_english(client, tree):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    html = text(response)
    assert '<html lang="en">' in html
    assert "<h1>Page not found</h1>" in html


@pytest.mark.parametrize(("accept_language", "expected"), [
    ("uk", "/uk/"),
    ("uk-UA,uk;q=0.9,en;q=0.8", "/uk/"),
    ("en", "/en/"),
    ("en-GB,en;q=0.9", "/en/"),
    ("de", "/uk/"),
])
def test_root_redirects_to_the_readers_language(client, tree, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == expected
