"""The site's pages (content/models.py) as a reader sees them: the home page with its mission, featured courses,
latest news and what the apps above add; the news index and a news item; a standard page; the call index's intro."""

import re
from datetime import date

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from wagtail import hooks

from content import selectors
from content.models import HomePageFeaturedCourse, StandardPage
from enrollments.calls.window import KYIV
from tests.content.factories import add_call, add_news, publish, publish_revision
from tests.courses.factories import add_course, translate_tree
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

MISSION = "<p>Безкоштовне навчання для фахівців соціальної сфери громад.</p>"


def news_titles(html: str) -> list[str]:
    return re.findall(r'<h[23]><a href="/\w\w/news/[^"]+/">([^<]+)</a></h[23]>', html)


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


# --- Standard pages and the call index ----------------------------------------------------

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


def test_call_index_body_uses_the_page_intro(client, tree):
    call = add_call(tree.home, slug="intro")
    index = call.get_parent().specific
    publish_revision(index, intro="<p>Конкурсний набір до груп.</p>")

    response = client.get("/uk/calls/")

    assert response.status_code == 200
    assert "Конкурсний набір до груп." in text(response)
    assert date_format(timezone.localtime(call.call.deadline, KYIV), "DATE_FORMAT") in text(response)
