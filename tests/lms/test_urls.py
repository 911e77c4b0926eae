"""What the project's URLs answer (lms/urls.py): the site under a language prefix, the redirect at / to the
reader's language, and the friendly 404 page in each language."""

import pytest

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
