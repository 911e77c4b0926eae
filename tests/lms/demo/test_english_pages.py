"""Every English page is English: a crawl of the seeded demo from /en/ finds no Cyrillic letter outside an element
marked lang="uk" (the language switcher's own link, words that fell back to Ukrainian, people's names).

The Ukrainian pages show the Ukrainian words of the same rows (a session's title and venue)."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from content.roles import PARTICIPANT
from enrollments.models import TrainingSession
from lms.demo.people import DEMO_USERS, account

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[\u0400-\u04FF]+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Links the crawl does not follow: downloads, actions, the admin.
SKIP = re.compile(r"/(admin|django-admin|documents|media)/|\.(pdf|ics|csv|xlsx)$|/logout/|/download/|/calendar")
MAX_PAGES = 250

# Ukrainian that an English page may show for a reason (not silently):
KNOWN_UKRAINIAN = {
    # People's names are written as the people wrote them.
    *(user.full_name for user in DEMO_USERS),
}


class _UnmarkedCyrillic(HTMLParser):
    """Text runs with Cyrillic letters outside <script>, <style> and any element with lang="uk"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, inside Ukrainian or script)
        self.found: list[str] = []
        self.links: list[str] = []

    def _inside(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in VOID:
            return
        quiet = self._inside() or tag in {"script", "style"} or (attrs.get("lang") or "").startswith("uk")
        self.stack.append((tag, quiet))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self._inside():
            return
        text = " ".join(data.split())
        unexplained = text
        for known in KNOWN_UKRAINIAN:
            unexplained = unexplained.replace(known, "")
        if CYRILLIC.search(unexplained):
            self.found.append(text)


def _crawl(client, start: str, prefix: str) -> dict[str, str]:
    """Each unmarked Cyrillic text and the first page showing it, for every HTML page under `prefix` reachable
    from `start`."""
    seen, queue, problems = {start}, [start], {}
    while queue and len(seen) <= MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _UnmarkedCyrillic()
        parser.feed(response.content.decode())
        for text in parser.found:
            problems.setdefault(text, url)
        for href in parser.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.netloc and parts.netloc != "testserver":
                continue
            # One page of a list is enough, and a log-in link's ?next= shows the same log-in page.
            path = parts.path
            if path.startswith(prefix) and not SKIP.search(parts.path) and path not in seen:
                seen.add(path)
                queue.append(path)
    # The crawl really went through the site: home, catalogue, courses, sessions, calls, news, verification.
    for part in ("/courses/", "/learning/sessions/", "/calls/", "/news/", "/certificates/verify/"):
        assert any(part in path for path in seen), (part, seen)
    return problems


@pytest.mark.usefixtures("seeded_demo")
class TestEnglishPages:
    def test_public_english_pages_show_no_unmarked_ukrainian(self, client):
        assert _crawl(client, "/en/", "/en/") == {}

    def test_the_language_switchers_ukrainian_link_is_marked_ukrainian(self, client):
        assert re.search(r'<a href="/uk/[^"]*" hreflang="uk" lang="uk"', client.get("/en/").text)

    def test_the_english_course_page_shows_the_trainers_english_bio(self, client):
        page = client.get("/en/courses/burnout-prevention/")
        assert page.status_code == 200
        assert "Psychologist and supervisor" in page.text and "Психолог і супервізор" not in page.text

    def test_a_participants_english_pages_show_no_unmarked_ukrainian(self, client):
        participant = next(user for user in DEMO_USERS if user.role == PARTICIPANT)
        client.force_login(account(participant.email))
        assert _crawl(client, "/en/", "/en/") == {}

    def test_english_session_page_shows_the_english_title_and_ukrainian_one_shows_the_ukrainian(self, client):
        session = TrainingSession.objects.exclude(title_en="").exclude(title_en=None).exclude(venue_en="").first()
        assert session is not None
        with translation.override("en"):
            english = client.get(reverse("session_detail", args=[session.pk]))
        with translation.override("uk"):
            ukrainian = client.get(reverse("session_detail", args=[session.pk]))
        assert english.status_code == ukrainian.status_code == 200
        assert session.title_en in english.text and session.venue_en in english.text
        assert session.title_uk in ukrainian.text and session.venue_uk in ukrainian.text
        assert session.title_en not in ukrainian.text
