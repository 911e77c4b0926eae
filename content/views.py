"""Site search across courses, modules, news and pages of the reader's language."""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit
from wagtail.models import Locale, Page
from wagtail.search.query import PlainText

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+")


def plain_words(query: str) -> str:
    """The words of a query and nothing else.

    The search backends pass what they are given on to the database's own query language (on SQLite, FTS5: quotes,
    `*`, `NEAR(`, `column:`, `-`, `^`, brackets), where a stray quote is a syntax error. Readers type words, so the
    rest is dropped; AND, OR and NOT stay words to look for, as the backend quotes every word it is given.
    """
    return " ".join(WORD.findall(query))


def search_pages(query: str):
    """Whole-word matches first; failing those, words that start with what was typed.

    No stemmer for Ukrainian ships with the database backends, so prefixes stand in: «дитин» finds «дитини».
    """
    pages = Page.objects.live().public().filter(locale=Locale.get_active(), depth__gt=2).specific()
    words = plain_words(query)
    if not words:
        return pages.none()
    results = pages.search(PlainText(words))
    if results.count():
        return results
    return pages.autocomplete(PlainText(words))


@ratelimit(key="ip", rate=lambda group, request: settings.SEARCH_RATE_LIMIT, block=True)
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        results = Paginator(search_pages(query), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "content/search.html", {"query": query, "results": results})


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Too many requests from one address: say so plainly, with the right status."""
    return render(request, "429.html", status=429)


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice, generated from the PRIVACY_* settings (content/privacy.py) in the reader's language.

    A view rather than a page the editors write: the periods it states must be the ones `apply_retention`
    enforces, so they are read from the same settings on every request and no editor can make them disagree. The
    controller falls back to the site settings, which the footer has read already (cached per generation)."""
    from content.models import SiteSettings
    from content.privacy import privacy_notice as notice

    site_settings = SiteSettings.for_request(request)
    return render(request, "content/privacy.html", {"notice": notice(
        controller=settings.PRIVACY_CONTROLLER, purposes=settings.PRIVACY_PURPOSES,
        retention_months=settings.PRIVACY_RETENTION_MONTHS, organisation_name=site_settings.organisation_name,
        contact_email=site_settings.contact_email)})
