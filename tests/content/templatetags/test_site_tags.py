"""The site's template tags (content/templatetags/site_tags.py): the language switcher and the navigation, with the
language of the interface they frame on /uk/ and /en/, and the Markdown filter."""

import re

import pytest
from django.template import Context, Template
from wagtail import hooks
from wagtail.models import Locale

from content.models import CallIndexPage, StandardPage
from tests.content.factories import publish
from tests.content.xss import XSS_PAYLOADS, assert_harmless
from tests.courses.factories import add_course, translate_tree
from tests.factories import ParticipantFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(tree):
    return translate_tree(tree)


def switcher(response) -> dict[str, str]:
    """The language switcher's links: {language code: URL}."""
    html = text(response)
    nav = html.split('<nav class="lang-switch"', 1)[1].split("</nav>", 1)[0]
    return {code: url for url, code in re.findall(r'<a href="([^"]*)" hreflang="(\w+)"', nav)}


def current_language(response) -> str:
    nav = text(response).split('<nav class="lang-switch"', 1)[1].split("</nav>", 1)[0]
    return re.search(r'hreflang="(\w+)" lang="\w+" aria-current="true"', nav).group(1)


def test_course_page_switches_to_its_translation(client, tree, english):
    response = client.get("/uk/courses/case-management/")

    assert response.status_code == 200
    assert switcher(response) == {"uk": "/uk/courses/case-management/", "en": "/en/courses/case-management/"}
    assert current_language(response) == "uk"
    assert ('<a href="/en/courses/case-management/" hreflang="en" lang="en"><span class="lang-switch__code" '
            'aria-hidden="true">EN</span><span class="lang-switch__name">English</span></a>') in text(response)


def test_english_module_switches_back_to_ukrainian(client, tree, english):
    response = client.get("/en/courses/case-management/module-2/")

    assert response.status_code == 200
    assert switcher(response) == {
        "uk": "/uk/courses/case-management/module-2/", "en": "/en/courses/case-management/module-2/",
    }
    assert current_language(response) == "en"
    assert '<span class="lang-switch__name">Українська</span></a>' in text(response)


def test_page_without_translation_switches_to_the_other_home(client, tree, english):
    add_course(tree.catalogue, slug="only-in-ukrainian", modules=0, title="Лише українською")

    response = client.get("/uk/courses/only-in-ukrainian/")

    assert response.status_code == 200
    assert switcher(response) == {"uk": "/uk/courses/only-in-ukrainian/", "en": "/en/"}


def test_unpublished_translation_is_not_offered(client, tree, english):
    english.course.unpublish()

    response = client.get("/uk/courses/case-management/")

    assert response.status_code == 200
    assert switcher(response)["en"] == "/en/"


@pytest.mark.parametrize("path", [
    "/uk/accounts/login/", "/uk/accounts/signup/", "/uk/search/?q=%D0%BA%D1%83%D1%80%D1%81",
])
def test_non_page_views_keep_their_path(client, tree, path):
    response = client.get(path)

    assert response.status_code == 200
    assert switcher(response) == {"uk": path, "en": path.replace("/uk/", "/en/", 1)}


def test_a_view_with_arguments_keeps_them_in_the_other_language(client, tree):
    path = "/uk/certificates/verify/ABCDEFGHJKMNPQRSTVWX/"  # a well-formed code nobody was given: its own 404 page

    response = client.get(path)

    assert response.status_code == 404
    assert switcher(response) == {"uk": path, "en": path.replace("/uk/", "/en/", 1)}


@pytest.mark.parametrize("path", ["/uk/learning/profile/", "/uk/learning/"])
def test_learner_views_keep_their_path(client, tree, path):
    client.force_login(ParticipantFactory())

    response = client.get(path)

    assert response.status_code == 200
    assert switcher(response) == {"uk": path, "en": path.replace("/uk/", "/en/", 1)}


@pytest.mark.parametrize(("path", "lang"), [
    ("/uk/", "uk"), ("/en/", "en"),
    ("/uk/courses/case-management/", "uk"), ("/en/courses/case-management/", "en"),
    ("/uk/accounts/login/", "uk"), ("/en/accounts/login/", "en"),
    ("/uk/search/", "uk"), ("/en/search/", "en"),
])
def test_html_lang_matches_the_url(client, tree, english, path, lang):
    response = client.get(path)

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in text(response)
    assert current_language(response) == lang


def test_english_pages_have_an_english_interface(client, tree, english):
    client.force_login(ParticipantFactory())

    response = client.get("/en/courses/case-management/")

    assert response.status_code == 200
    html = text(response)
    for string in ("Skip to main content", ">Home</a>", ">Courses</a>", ">News</a>", ">My learning</a>",
                   ">Profile</a>", "Log out", "Your progress", "Back to top"):
        assert string in html, string
    assert 'href="/en/"' in html and 'href="/en/courses/"' in html and 'href="/en/news/"' in html
    assert 'action="/en/search/"' in html


def test_english_account_pages_are_in_english(client, tree):
    response = client.get("/en/accounts/login/")

    assert response.status_code == 200
    html = text(response)
    assert re.search(r"<h1>\s*Log in\s*</h1>", html) and "Sign In" not in html  # our words for allauth's (locale/en)
    assert ">Log in</a>" in html and ">Sign up</a>" in html
    assert 'href="/en/accounts/signup/' in html


NAV_STRINGS = ["Home", "Courses", "News", "Open calls", "My learning", "Profile", "Verify a certificate",
               "Privacy notice", "Back to top"]


def nav_texts(response) -> list[str]:
    html = text(response)
    site_nav = html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    account_nav = html.split('<nav class="account-nav"', 1)[1].split("</nav>", 1)[0]
    footer = html.split('<footer class="site-footer"', 1)[1]
    links = re.findall(r">([^<>]+)</a>", site_nav + account_nav + footer)
    return [link.strip() for link in links if link.strip()]


def test_ukrainian_interface_is_translated(client, tree, english):
    calls = publish(tree.home, CallIndexPage(title="Відкриті конкурси", slug="calls"))
    calls.copy_for_translation(Locale.objects.get(language_code="en")).save_revision().publish()
    client.force_login(ParticipantFactory())

    uk_nav = nav_texts(client.get("/uk/courses/case-management/"))
    en_nav = nav_texts(client.get("/en/courses/case-management/"))

    assert en_nav == NAV_STRINGS
    assert len(uk_nav) == len(en_nav)
    untranslated = [string for string in uk_nav if string in NAV_STRINGS]
    assert untranslated == []


def site_nav_links(response) -> dict[str, str]:
    site_nav = text(response).split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return {label: url for url, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<>]+)</a>', site_nav)}


def test_courses_in_the_navigation_lead_to_the_catalogue_of_each_language(client, tree, english):
    assert site_nav_links(client.get("/uk/news/"))["Курси"] == "/uk/courses/"
    assert site_nav_links(client.get("/en/news/"))["Courses"] == "/en/courses/"


def test_courses_in_the_navigation_lead_to_the_page_type_a_hook_names(client, tree):
    """Content does not know the catalogue's page type: the app that has it registers it."""
    programmes = publish(tree.home, StandardPage(title="Програми", slug="programmes"))
    tree.catalogue.unpublish()

    with hooks.register_temporarily("nav_catalogue_page_type", lambda: StandardPage):
        links = site_nav_links(client.get("/uk/news/"))
    without = site_nav_links(client.get("/uk/news/"))

    assert links["Курси"] == programmes.url == "/uk/programmes/"
    assert "Курси" not in without  # no catalogue live, and courses' hook names only the catalogue


# --- The Markdown filter --------------------------------------------------------------------------

@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_template_filter_is_sanitised(payload):
    html = Template("{% load site_tags %}{{ text|markdown }}").render(Context({"text": payload}))
    assert_harmless(html)


def test_markdown_filter_output_is_not_escaped_again():
    html = Template("{% load site_tags %}{{ text|markdown }}").render(Context({"text": "**bold** & [a](https://x.example)"}))
    assert "<strong>bold</strong>" in html
    assert "&amp;" in html
    assert "&lt;strong" not in html
