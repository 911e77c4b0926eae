"""What the project's URLs answer (lms/urls.py): the site under a language prefix, the redirect at / to the
reader's language, and the friendly 404 page in each language."""

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.urls import URLResolver, get_resolver
from django.urls.converters import IntConverter

from tests.helpers import text, uk

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]


def test_home_page_renders(client, tree):
    response = client.get("/uk/")
    assert response.status_code == 200
    assert "Головна" in response.content.decode()


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


# --- Ids in URLs: never past what the database's integers hold ----------------------------------------------

OUR_APPS = {"lms", "content", "courses", "enrollments", "certificates"}


def routes(patterns, chain=()):
    """Every URL pattern with the resolvers above it (the admin's, the language prefix, each include)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, (*chain, pattern))
        else:
            yield (*chain, pattern)


def ours(view) -> bool:
    """A view of our apps, or one of Wagtail's generic views serving one of our models (a viewset's)."""
    model = getattr(view, "view_initkwargs", {}).get("model")
    if isinstance(model, str):  # "app_label.ModelName"
        model = apps.get_model(model)
    return (model or view).__module__.split(".")[0] in OUR_APPS


def test_no_url_of_ours_takes_an_unbounded_int():
    unbounded = ["".join(str(part.pattern) for part in route) for route in routes(get_resolver().url_patterns)
                 if ours(route[-1].callback)
                 and any(isinstance(converter, IntConverter)
                         for part in route for converter in part.pattern.converters.values())]

    assert unbounded == [], "use <id:…> (content/converters.py), or pk_path_converter = ID on a viewset"


@pytest.mark.parametrize("huge", [2**63, 10**30])
@pytest.mark.parametrize("url", ["/uk/learning/calls/{}/apply/", "/uk/learning/modules/{}/complete/",
                                 "/uk/learning/quizzes/{}/start/"], ids=["apply", "complete-module", "start-quiz"])
def test_an_id_too_big_for_the_database_is_not_found(learner, tree, url, huge):
    response = learner.post(url.format(huge))

    assert response.status_code == 404
    assert f"<h1>{uk('Page not found')}</h1>" in text(response)


# --- The icon and the logo -------------------------------------------------------------------------

def test_favicon_ico_leads_to_the_svg_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    assert finders.find("img/favicon.svg").endswith("favicon.svg")


def test_every_page_names_the_icon_and_shows_the_logo(client, tree):
    response = client.get("/uk/")

    assert response.status_code == 200
    html = text(response)
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert '<img class="site-name__logo" src="/static/img/logo.svg" alt=""' in html
    assert finders.find("img/logo.svg")


def test_the_menu_is_a_button_that_needs_no_script(client, tree):
    response = client.get("/uk/")

    assert response.status_code == 200
    html = text(response)
    menu = html[html.index('<details class="site-menu">'):html.index("</details>")]
    assert f'<summary class="site-menu__button">{uk("Menu")}</summary>' in menu
    assert 'class="site-nav"' in menu and 'class="account-nav"' in menu and 'class="site-search"' in menu
