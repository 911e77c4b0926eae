"""Site search (content/views.py): pages of the reader's language only, prefixes when no word matches, escaped,
cut short, paginated and rate limited."""

import re
from urllib.parse import urlencode

import pytest
from wagtail.rich_text import RichText

from content.models import StandardPage
from content.views import plain_words
from tests.content.factories import publish
from tests.courses.factories import add_course, translate_tree
from tests.helpers import text, uk, uk_plural

pytestmark = pytest.mark.django_db


def result_urls(html: str) -> list[str]:
    return re.findall(r'<h2><a href="([^"]+)">', html.split('<ol class="results"', 1)[-1]) \
        if '<ol class="results"' in html else []


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


FTS_SYNTAX = ['"', '""', '"модуль', "модул*", "*", "NEAR(модуль", "NEAR(модуль курс, 2)", "(модуль", "модуль)",
              "))((", "модуль AND", "OR модуль", "NOT", "модуль NOT курс", "-модуль", "^модуль", "title:модуль",
              "модуль:", "{title}: модуль", "50%", "%s", "'", "\\", "модуль + курс", "\x00"]


@pytest.mark.usefixtures("search_index")
@pytest.mark.parametrize("query", FTS_SYNTAX)
def test_search_syntax_is_read_as_plain_words(client, tree, query):
    response = client.get("/uk/search/", {"q": query})

    assert response.status_code == 200
    assert response.context["query"] == query.strip()


@pytest.mark.usefixtures("search_index")
@pytest.mark.parametrize("query", ['"Модуль"', "модул*", "(модуль", "модуль)", "^модуль", "-модуль", "модуль:"])
def test_search_finds_the_words_among_the_syntax(client, tree, query):
    response = client.get("/uk/search/", {"q": query})

    assert response.status_code == 200
    assert set(result_urls(text(response))) == {m.url for m in tree.modules}


def test_plain_words_keep_the_words_and_drop_the_syntax():
    assert plain_words('NEAR(модуль "курс", 2) title:сім’я -x ^y*') == "NEAR модуль курс 2 title сім я x y"


@pytest.mark.usefixtures("search_index")
def test_search_excerpt_is_the_bodys_plain_text_escaped(client, tree):
    publish(tree.home, StandardPage(slug="crisis", title="Кризова підтримка", body=[
        ("paragraph", RichText("<p><strong>Кризове</strong> консультування &amp; супровід</p>")),
        ("markdown", "Тег `<b>` у **коді** <script>alert(1)</script>"),
    ]))

    response = client.get("/uk/search/", {"q": "консультування"})

    assert response.status_code == 200
    raw = response.content.decode()
    assert "<p>Кризове консультування &amp; супровід Тег &lt;b&gt; у коді</p>" in raw
    results = raw.split('<ol class="results"', 1)[1]
    assert "<strong>" not in results and "&lt;strong&gt;" not in results and "&lt;p&gt;" not in results
    assert "alert" not in results and "<script" not in results
