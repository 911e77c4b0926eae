"""Site search across courses, modules, news and pages of the reader's language."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit
from wagtail.models import Locale, Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@ratelimit(key="ip", rate=lambda group, request: settings.SEARCH_RATE_LIMIT, block=True)
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active(), depth__gt=2).specific()
        results = Paginator(pages.search(query), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "content/search.html", {"query": query, "results": results})


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Too many requests from one address: say so plainly, with the right status."""
    return render(request, "429.html", status=429)
