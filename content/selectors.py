"""Reads behind the home, news and open-call list pages."""

from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from content import public_cache
from content.models import CallIndexPage, CallPage, HomePage, NewsIndexPage, NewsPage

LATEST_NEWS_COUNT = 3
NEWS_PER_PAGE = 10
OPEN_CALLS_SHOWN = 5  # in the box on the home and news pages
CALLS_PER_PAGE = 10


def latest_news(*, locale_id: int, limit: int = LATEST_NEWS_COUNT) -> list[NewsPage]:
    return list(NewsPage.objects.live().filter(locale_id=locale_id).order_by("-date", "-pk")[:limit])


def home_page_context(*, home: HomePage, request=None) -> dict:
    """The home page's own reads; the featured courses and the catalogue come from courses (`home_page_context`
    hook, see HomePage). The news change only with a publish (once per generation with a request: public_cache);
    which calls are open changes with the clock, so those are read each time."""
    news = public_cache.cached(("home-news", home.pk), lambda: {
        "latest_news": latest_news(locale_id=home.locale_id),
        "news_index": NewsIndexPage.objects.live().child_of(home).first(),
    }, request=request)
    return {**news, **open_calls_box(locale_id=home.locale_id)}


def news_page_for(*, index_page: NewsIndexPage, page_number: str | None):
    items = NewsPage.objects.live().child_of(index_page).select_related("image").order_by("-date", "-pk")
    return Paginator(items, NEWS_PER_PAGE).get_page(page_number)


# --- Open calls ----------------------------------------------------------------------------------

def _open_now(now: datetime) -> Q:
    """The call takes applications at `now`, as `enrollments.calls.window.Window` decides (the deadline counts)."""
    return (Q(call__opens_at__isnull=True) | Q(call__opens_at__lte=now)) & Q(call__deadline__gte=now)


def open_calls(*, locale_id: int, now: datetime | None = None, limit: int = OPEN_CALLS_SHOWN) -> list[CallPage]:
    """Call pages of one language taking applications now, the nearest deadline first."""
    now = now or timezone.now()
    return list(CallPage.objects.live().filter(_open_now(now), locale_id=locale_id).select_related("call")
                .order_by("call__deadline", "pk")[:limit])


def open_calls_box(*, locale_id: int, now: datetime | None = None) -> dict:
    """The "Open calls" box of the home and news pages: nothing at all while no call is open."""
    calls = open_calls(locale_id=locale_id, now=now)
    if not calls:
        return {"open_calls": []}
    index = CallIndexPage.objects.live().filter(locale_id=locale_id).order_by("path").first()
    return {"open_calls": calls, "calls_index": index}


def calls_in_order(*, index_page: CallIndexPage, now: datetime | None = None) -> QuerySet:
    """The index's call pages: open ones (nearest deadline first), then upcoming (soonest first), then closed
    (latest first). Each carries `state_rank`: 0 open, 1 upcoming, 2 closed.
    """
    now = now or timezone.now()
    rank = Case(When(call__opens_at__gt=now, then=Value(1)), When(call__deadline__gte=now, then=Value(0)),
                default=Value(2), output_field=IntegerField())
    return (
        CallPage.objects.live().child_of(index_page).select_related("call").annotate(state_rank=rank)
        .order_by("state_rank",
                  Case(When(state_rank=0, then=F("call__deadline"))).asc(nulls_last=True),
                  Case(When(state_rank=1, then=F("call__opens_at"))).asc(nulls_last=True),
                  Case(When(state_rank=2, then=F("call__deadline"))).desc(nulls_last=True),
                  "pk")
    )


def calls_page_for(*, index_page: CallIndexPage, page_number: str | None, now: datetime | None = None):
    return Paginator(calls_in_order(index_page=index_page, now=now), CALLS_PER_PAGE).get_page(page_number)
