"""Site search across courses, modules, news and pages of the reader's language."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit
from wagtail.models import Locale, Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search_pages(query: str):
    """Whole-word matches first; failing those, words that start with what was typed.

    No stemmer for Ukrainian ships with the database backends, so prefixes stand in: «дитин» finds «дитини».
    """
    pages = Page.objects.live().public().filter(locale=Locale.get_active(), depth__gt=2).specific()
    results = pages.search(query)
    if results.count():
        return results
    return pages.autocomplete(query)


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
