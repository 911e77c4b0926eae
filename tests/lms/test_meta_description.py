"""Every page says what it is in its <meta name="description"> (templates/base.html): the page's own words where it
has them, the site's otherwise, never empty; personal pages also ask search engines not to index them."""

import html
import re

import pytest

from tests.courses.factories import translate_tree

pytestmark = [pytest.mark.django_db]

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
NOINDEX = '<meta name="robots" content="noindex">'


def description(response) -> str:
    found = DESCRIPTION.findall(response.content.decode())
    assert len(found) == 1, "one description per page"
    return html.unescape(found[0]).strip()


@pytest.fixture
def pages(tree):
    translate_tree(tree)
    return tree


@pytest.mark.parametrize("language", ["uk", "en"])
def test_public_pages_have_a_description_in_their_language(client, pages, language):
    urls = [f"/{language}/", f"/{language}/accounts/login/", f"/{language}/accounts/signup/"]
    seen = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = description(response)
        assert len(seen[url]) > 40, url
        assert NOINDEX not in response.content.decode()
    assert seen[f"/{language}/"] != seen[f"/{language}/accounts/login/"]  # the account pages say what they are for
    cyrillic = bool(re.search("[а-яіїєґ]", seen[f"/{language}/accounts/login/"], re.IGNORECASE))
    assert cyrillic == (language == "uk")


def test_a_page_s_own_summary_is_its_description(client, pages):
    pages.course.summary = "Ведення випадку: оцінювання потреб сім'ї та планування втручань."
    pages.course.save()
    response = client.get(pages.course.url)
    assert response.status_code == 200
    assert description(response) == pages.course.summary


@pytest.mark.parametrize("url", ["/uk/learning/", "/en/learning/", "/uk/learning/profile/"])
def test_personal_pages_are_described_and_not_indexed(client, participant, url):
    client.force_login(participant)
    response = client.get(url)
    assert response.status_code == 200
    assert len(description(response)) > 20 and NOINDEX in response.content.decode()
