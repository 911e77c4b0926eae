"""Template helpers shared by every page: Markdown, navigation, the language switcher."""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info, override
from wagtail import hooks
from wagtail.models import Page, Site

from content import public_cache
from content.excerpts import page_excerpt
from content.markdown import render_markdown
from content.roles import shows_admin_link

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


def _view_in_language(request, code: str) -> str:
    """This view's address (with its short query) in another language: Django's translate_url, without resolving
    the path again for each language when the request already has its match."""
    address = _path_with_short_query(request)
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return translate_url(address, code)
    with override(code):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return address
    return urlunsplit(urlsplit(address)._replace(path=path))


def _translation_urls(page: Page, request) -> dict[str, str]:
    """The URL of each live translation of the page (itself included), by language code (one query)."""
    return {
        p.locale.language_code: p.get_url(request)
        for p in Page.objects.live().filter(translation_key=page.translation_key).select_related("locale")
    }


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per site language, to this page's translation when there is one, else that language's home.

    Non-page views (accounts, search, my learning) keep their path with the other prefix. A page's translations are
    read once per site and generation (content/public_cache.py).
    """
    request = context["request"]
    page = context.get("page")
    current = get_language()
    is_page = isinstance(page, Page) and page.pk
    translations: dict[str, str] = {}
    if is_page:
        site = Site.find_for_request(request)
        translations = public_cache.cached(
            ("translations", site.pk if site else None, page.translation_key),
            lambda: _translation_urls(page, request), request=request)
    links = []
    for code, _name in settings.LANGUAGES:
        if is_page:
            url = translations.get(code) or f"/{code}/"
            has_translation = code in translations
        else:
            url = _view_in_language(request, code)
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


def _nav_links(request, language_code: str) -> NavLinks:
    from content.models import CallIndexPage, HomePage, NewsIndexPage

    catalogue_types = _catalogue_types()
    pages = (
        Page.objects.live().filter(locale__language_code=language_code, depth__lte=3)
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
        home=home.get_url(request) if home else f"/{language_code}/",
        courses=courses.get_url(request) if courses else None,
        news=news.get_url(request) if news else None,
        calls=calls.get_url(request) if calls else None,
    )


@register.simple_tag(takes_context=True)
def nav_links(context) -> NavLinks:
    """URLs of the home, catalogue, news and open-calls pages in the active language: one query, once per site,
    language and generation (content/public_cache.py)."""
    request = context["request"]
    language_code = get_language()
    site = Site.find_for_request(request)
    return public_cache.cached(("nav", site.pk if site else None, language_code),
                               lambda: _nav_links(request, language_code), request=request)


@register.simple_tag(takes_context=True)
def may_use_admin(context) -> bool:
    """`perms.wagtailadmin.access_admin` for the header's link, without a query on most requests
    (content.roles.shows_admin_link), asked once per request."""
    request = context["request"]
    if not hasattr(request, "_may_use_admin"):
        request._may_use_admin = shows_admin_link(context["user"])
    return request._may_use_admin


# --- Fragments every reader sees alike --------------------------------------------------------------------------

@register.tag("publicfragment")
def public_fragment(parser, token):
    """`{% publicfragment page.pk %}…{% endpublicfragment %}`: the part rendered once per generation, language,
    host and the values given (content/public_cache.py), then shared by every reader in this process. Only for markup
    that is the same for everybody: nothing of the reader, no CSRF token, no CSP nonce, nothing of the clock."""
    values = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endpublicfragment",))
    parser.delete_first_token()
    return PublicFragmentNode(nodelist, values)


class PublicFragmentNode(template.Node):
    def __init__(self, nodelist, values):
        self.nodelist, self.values = nodelist, values

    def render(self, context) -> str:
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        where = "|".join((get_language(), request.get_host(), self.origin_key(),
                          *(str(value.resolve(context)) for value in self.values)))
        key = hashlib.sha1(where.encode()).hexdigest()  # noqa: S324 - a cache key, not a secret
        return public_cache.cached(("fragment", key), lambda: self.nodelist.render(context), request=request)

    def origin_key(self) -> str:
        """Where the fragment is written, so two fragments given the same values stay apart."""
        return f"{self.origin.name if self.origin else ''}:{self.token.lineno if self.token else 0}"
