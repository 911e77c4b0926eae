"""Serving a page in fewer queries: the walk down the URL in one query, no restriction look-up on a site that has
no view restrictions at all, and the site and page of a URL remembered by each process for the current generation.
The result is the same as Wagtail's own routing and checks."""

import copy
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from content import public_cache


def _routes_by_default(page: Page) -> bool:
    """The page's type leaves the rest of the URL to Wagtail's plain walk (no RoutablePage or custom route)."""
    page_class = page.specific_class
    return page_class is not None and page_class.route is Page.route


def route_from(root: Page, request, path_components: list[str]):
    """Wagtail's `Page.route` from `root`, with every page along the path read in one query.

    A page's `url_path` is its ancestors' slugs joined, so the pages the walk would visit one child at a time are
    those whose `url_path` is a prefix of the requested one. The walk stops at a page whose type routes on its own
    (it gets the rest of the path, as in Wagtail) or where the tree has no such child (Wagtail then answers 404).
    """
    prefixes = [root.url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)]
    found = {
        page.url_path: page
        for page in Page.objects.filter(path__startswith=root.path, depth__gt=root.depth,
                                        depth__lte=root.depth + len(prefixes), url_path__in=prefixes)
    }
    parent = root
    for depth, prefix in enumerate(prefixes, start=1):
        page = found.get(prefix)
        if page is None or page.depth != root.depth + depth or not page.path.startswith(parent.path):
            raise Http404
        page._cached_parent_obj = parent  # as Wagtail's walk does: get_parent() costs nothing
        if depth == len(prefixes) or not _routes_by_default(page):
            return page.specific.route(request, path_components[depth:])
        parent = page
    raise Http404  # not reached: there is at least one component


def _any_view_restriction() -> bool:
    return public_cache.cached(("any-view-restriction",), PageViewRestriction.objects.exists)


class ServedQuicklyMixin:
    """For every page type of the site: skips the restriction look-up while no page at all is restricted."""

    def get_view_restrictions(self):
        if not _any_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


# --- Routes remembered between requests ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Route:
    site: Site
    page: Page


# This process's sites and pages by URL for the current generation.
routes = public_cache.LocalMemory(size=1000)


def _kept_seconds() -> int:
    """As long as the whole-page cache keeps a page (lms.operations.page_cache): a change the generation does not
    announce shows as soon."""
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 300))


def serve(request: HttpRequest, path: str) -> HttpResponseBase:
    """Wagtail's `serve` view, with the site and the page for this URL from this process's memory when it routed the
    same URL in the current generation (content.public_cache): no query for the site, the language, the root page
    or the walk. Everything else (view restrictions, serving, hooks) is Wagtail's, per request."""
    from wagtail import views  # not at import: content.models imports this module while apps load

    _use_remembered_route(request, path)
    return views.serve(request, path)


def _use_remembered_route(request: HttpRequest, path: str) -> None:
    if getattr(request, "is_preview", False) or request.method not in ("GET", "HEAD"):
        return
    generation = public_cache.generation(request)
    if generation is None:
        return
    key = (request._get_raw_host(), path, translation.get_language())
    if remembered := routes.get(generation, key):
        request._wagtail_site = remembered.site
        # A copy per request (with its own related-object cache): what one request sets on its page stays there.
        request._wagtail_route_for_request = RouteResult(copy.copy(remembered.page))
        return
    result = Page.route_for_request(request, path)  # Wagtail's own, kept on the request for its serve view
    site = getattr(request, "_wagtail_site", None)
    if result is not None and site is not None and not result.args and not result.kwargs:
        routes.put(generation, key, _Route(site=site, page=copy.copy(result.page)), seconds=_kept_seconds())


sites = public_cache.LocalMemory(size=100)


class RememberedSiteMiddleware:
    """Wagtail's site for the request (`Site.find_for_request`, read by pages, settings and menus) and the sites'
    root paths (read by every page link) from this process's memory for the current generation, which a change to
    any site or page bumps: no query and no cache read for them on most requests, served from a page or not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        generation = public_cache.generation(request)
        if generation is not None:
            key = (request._get_raw_host(), request.get_port())
            seconds = _kept_seconds()
            if site := sites.get(generation, key):
                request._wagtail_site = site
            elif site := Site.find_for_request(request):
                sites.put(generation, key, site, seconds=seconds)
            if (root_paths := sites.get(generation, "root paths")) is None:
                root_paths = Site.get_site_root_paths()
                sites.put(generation, "root paths", root_paths, seconds=seconds)
            request._wagtail_cached_site_root_paths = root_paths  # where Page.get_url looks first
        with public_cache.request_generation(generation):
            return self.get_response(request)
