"""Reads behind the home and news pages."""

from django.core.paginator import Paginator

from content.models import HomePage, NewsIndexPage, NewsPage

LATEST_NEWS_COUNT = 3
NEWS_PER_PAGE = 10


def featured_courses(*, home: HomePage) -> list:
    """The editor's featured courses, in the home page's language, in the editor's order."""
    from courses.models import CoursePage

    keys = [row.course.translation_key for row in home.featured_courses.select_related("course")]
    by_key = {
        course.translation_key: course
        for course in CoursePage.objects.live().filter(locale_id=home.locale_id, translation_key__in=keys)
        .select_related("topic", "cover_image")
    }
    return [by_key[key] for key in keys if key in by_key]


def latest_news(*, locale_id: int, limit: int = LATEST_NEWS_COUNT) -> list[NewsPage]:
    return list(NewsPage.objects.live().filter(locale_id=locale_id).order_by("-date", "-pk")[:limit])


def home_page_context(*, home: HomePage) -> dict:
    from courses.models import CourseIndexPage

    return {
        "featured": featured_courses(home=home),
        "latest_news": latest_news(locale_id=home.locale_id),
        "catalogue": CourseIndexPage.objects.live().child_of(home).first(),
        "news_index": NewsIndexPage.objects.live().child_of(home).first(),
    }


def news_page_for(*, index_page: NewsIndexPage, page_number: str | None):
    items = NewsPage.objects.live().child_of(index_page).select_related("image").order_by("-date", "-pk")
    return Paginator(items, NEWS_PER_PAGE).get_page(page_number)
