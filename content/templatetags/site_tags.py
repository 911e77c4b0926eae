"""Template helpers shared by every page: Markdown, navigation, the language switcher."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail import hooks
from wagtail.models import Locale, Page

from content.excerpts import page_excerpt
from content.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.filter(name="excerpt")
def excerpt_filter(page) -> str:
    """A page's words as plain text, to be escaped as any other text (search results)."""
    return page_excerpt(page)


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    has_translation: bool


MAX_CARRIED_QUERY = 400


def _path_with_short_query(request) -> str:
    """The path, with its query string only when short: a switch keeps a search, not an arbitrary payload."""
    query = request.META.get("QUERY_STRING", "")
    return f"{request.path}?{query}" if query and len(query) <= MAX_CARRIED_QUERY else request.path


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per site language, to this page's translation when there is one, else that language's home.

    Non-page views (accounts, search, my learning) keep their path with the other prefix.
    """
    request = context["request"]
    page = context.get("page")
    current = get_language()
    translations: dict[str, Page] = {}
    if isinstance(page, Page) and page.pk:
        translations = {
            p.locale.language_code: p
            for p in Page.objects.live().filter(translation_key=page.translation_key).select_related("locale")
        }
    links = []
    for code, _name in settings.LANGUAGES:
        if isinstance(page, Page) and page.pk:
            target = translations.get(code)
            url = target.get_url(request) if target else f"/{code}/"
            has_translation = target is not None
        else:
            url = translate_url(_path_with_short_query(request), code)
            has_translation = True
        links.append(LanguageLink(code=code, name=get_language_info(code)["name_local"], url=url,
                                  is_current=code == current, has_translation=has_translation))
    return links


@dataclass(frozen=True)
class NavLinks:
    home: str
    courses: str | None
    news: str | None
    calls: str | None = None


def _catalogue_types() -> tuple[type[Page], ...]:
    """The page types "Courses" leads to, from the app that has them (courses registers its catalogue through the
    `nav_catalogue_page_type` hook, `fn() -> type[Page]`)."""
    return tuple(fn() for fn in hooks.get_hooks("nav_catalogue_page_type"))


@register.simple_tag(takes_context=True)
def nav_links(context) -> NavLinks:
    """URLs of the home, catalogue, news and open-calls pages in the active language (one query)."""
    from content.models import CallIndexPage, HomePage, NewsIndexPage

    catalogue_types = _catalogue_types()
    request = context["request"]
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return NavLinks(home="/", courses=None, news=None)
    pages = (
        Page.objects.live().filter(locale=locale, depth__lte=3)
        .type(HomePage, *catalogue_types, NewsIndexPage, CallIndexPage).specific(defer=True).order_by("path")
    )
    by_type = {}
    for page in pages:
        by_type.setdefault(type(page), page)
    home = by_type.get(HomePage)
    courses = next((by_type[page_type] for page_type in catalogue_types if page_type in by_type), None)
    news = by_type.get(NewsIndexPage)
    calls = by_type.get(CallIndexPage)
    return NavLinks(
        home=home.get_url(request) if home else f"/{get_language()}/",
        courses=courses.get_url(request) if courses else None,
        news=news.get_url(request) if news else None,
        calls=calls.get_url(request) if calls else None,
    )
