"""Whole-page cache for anonymous readers of Wagtail pages, invalidated everywhere by one generation number.

What is cached: the response of a Wagtail page (status 200, no cookie set, no CSRF token in it, no pending message,
no view restriction, not a preview) to a GET without a query string from a visitor without a session or messages
cookie. The key is the scheme, host and path (the language prefix is part of the path); the entry records the
generation it was rendered in.

Invalidation: the generation lives in the cache itself (Redis when REDIS_URL is set, so every app server reads the
same number on each request). `invalidate()` increments it once the change is committed (lms/operations/receivers.py
says which changes): every entry stored before carries an older number, is no longer served, and is replaced by the
next reader or ages out after PAGE_CACHE_SECONDS. Each process keeps the entries it replayed in the current
generation, so a hit costs one small read of the number from the shared cache.

Where it sits: right after the request id, outside every other middleware. An entry is the response as the whole
stack finished it (security headers, Content-Security-Policy, X-Frame-Options…), so a hit is answered without
running any of them, and costs about what the smallest Django view does.

The Content-Security-Policy nonce: a page that used `request.csp_nonce` carries it in its HTML and in its stored
header. A replay swaps it, in both, for a fresh nonce made as django-csp makes one: the header and the HTML agree, and
no two responses share a nonce.

Responses say `X-Page-Cache: hit` (served from the cache) or `miss` (a page that could have been, rendered afresh).
"""

import base64
import hashlib
import logging
import os
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import BaseCache, caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.utils.cache import cc_delim_re

from content import public_cache
from content.public_cache import LocalMemory
from lms.operations.logs import HEADER as REQUEST_ID_HEADER
from lms.operations.release import release

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
GENERATION_KEY = "page-cache:generation"
DEFAULT_SECONDS = 300
CACHE_ALIAS = "default"
ENTRY_VERSION = 3  # 3: the headers as the whole stack finished them
# A page whose response differs by anything else than the session cookie (which cached readers do not have) is
# not cached: Vary: Accept-Language means the language came from the browser, not from the path.
ALLOWED_VARY = {"cookie"}
# How Wagtail sends view-restricted pages and previews, and how a view says its page is for one reader only.
PRIVATE_CACHE_CONTROL = ("private", "no-store", "no-cache")

Serve = Callable[..., HttpResponseBase]


def cache_seconds() -> int:
    """PAGE_CACHE_SECONDS; 0 turns the page cache off."""
    return int(getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


def page_cache() -> BaseCache:
    return caches[CACHE_ALIAS]


# --- The generation number ------------------------------------------------------------------------------------

def _fresh_generation() -> int:
    """A start that no earlier generation used: if the number is lost (Redis restarted, a local cache culled it),
    entries stored under the old numbers must not become valid again."""
    return time.time_ns() // 1000


def current_generation(*, cache: BaseCache | None = None) -> int:
    cache = cache or page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return int(generation)


def bump_generation(*, cache: BaseCache | None = None) -> None:
    """Every page stored so far stops being served, on every app server sharing the cache."""
    cache = cache or page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no number yet (or lost): a fresh one is new to every reader too
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)


def public_generation(generation: int) -> str:
    """The number content/public_cache.py keeps shared values under: this generation, in this release of the code."""
    return f"{release()}.{generation}"


def invalidate() -> None:
    """Forget every cached page once the current transaction commits (at once outside one).

    Not before: a reader rendering the page between the change and the commit would store the old content under
    the new generation.
    """
    transaction.on_commit(_bump_logged)


def _bump_logged() -> None:
    try:
        bump_generation()
    except Exception:  # the change is committed; a cache outage must not turn it into an error page
        logger.exception("The page cache could not be invalidated: pages may be stale for up to %s s.",
                         cache_seconds())


# --- Which requests may use the cache, under which key ---------------------------------------------------------

def lookup_key(request: HttpRequest) -> str | None:
    """The cache key for this request, or None if it may neither be served from nor fill the cache."""
    if cache_seconds() <= 0 or request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
        return None  # Wagtail's previews run through the middleware with the page's own URL
    if request.path_info.startswith(settings.STATIC_URL):
        return None  # WhiteNoise's files, answered further in
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return None  # someone logged in (or with a password-protected page opened), or a message to show
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the inner stack answers 400 as usual
    address = f"{request.scheme}://{host}{request.path}"
    return f"page-cache:{release()}:{hashlib.sha256(address.encode()).hexdigest()}"


# Each process keeps the entries it replayed for the current generation (an entry of a generation never changes):
# a hit then reads only the generation number from the shared cache, not the page.
_replayed = LocalMemory(size=200)
# Addresses our own views answer (certificate verification, search, log-in...): never Wagtail pages, so never in
# the cache; each process learns them once instead of asking the cache on every request. Kept across generations
# (under one number that never moves): a publish does not make a view a page.
_not_pages = LocalMemory(size=1000)
_FOR_GOOD = 0


def read(key: str, *, cache: BaseCache) -> tuple[int, dict | None]:
    """The current generation and the entry stored under `key` if it was rendered in that generation."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        return current_generation(cache=cache), None
    generation = int(generation)
    if (entry := _replayed.get(generation, key)) is not None:
        return generation, entry
    entry = cache.get(key)
    if not isinstance(entry, dict) or entry.get("generation") != generation or entry.get("version") != ENTRY_VERSION:
        return generation, None  # (an entry of another version: stored by a server not yet or no longer deployed)
    _replayed.put(generation, key, entry, seconds=cache_seconds())
    return generation, entry


# --- Wagtail's side: which responses are pages that may be stored ------------------------------------------------

def offer_pages(serve: Serve) -> Serve:
    """An `on_serve_page` hook: marks the responses of pages that anonymous readers may share."""

    def serve_and_offer(page, request, serve_args, serve_kwargs):
        response = serve(page, request, serve_args, serve_kwargs)
        if getattr(request, "page_cache_key", None):  # the middleware looked this request up
            # Wagtail's own hook (check_view_restrictions) sends a page with a view restriction with
            # Cache-Control: private, no-cache, no-store, which may_store refuses: no query of our own for it.
            response.page_cache_offered = True
            if isinstance(response, SimpleTemplateResponse):
                # Rendering has not happened yet: only afterwards do we know whether a CSRF token was used.
                response.add_post_render_callback(lambda rendered: _note_csrf(request, rendered))
            else:
                _note_csrf(request, response)
        return response

    return serve_and_offer


def _note_csrf(request: HttpRequest, response: HttpResponseBase) -> None:
    """get_token() flags the request (django.middleware.csrf); CsrfViewMiddleware clears the flag once it has set
    the cookie, so it is read here, before the middleware sees the response."""
    response.page_cache_csrf_used = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def may_store(request: HttpRequest, response: HttpResponseBase) -> bool:
    if not getattr(response, "page_cache_offered", False) or getattr(response, "page_cache_csrf_used", True):
        return False
    if request.method != "GET" or response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    vary = {value.strip().lower() for value in cc_delim_re.split(response.get("Vary", "")) if value.strip()}
    if not vary <= ALLOWED_VARY:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in PRIVATE_CACHE_CONTROL)


# --- Storing and replaying ----------------------------------------------------------------------------------------

# Written afresh for every response: whether it came from the cache, and the request's id (RequestIdMiddleware).
_NOT_REPLAYED = {HEADER, REQUEST_ID_HEADER}


def entry_for(request: HttpRequest, response: HttpResponse, *, generation: int) -> dict:
    """What a replay needs: plain values only, so an entry survives a deploy that changes this module's classes.

    `generation`: the one read before rendering; a change committed meanwhile has moved past it, so such an entry
    is never served."""
    nonce = getattr(request, "_csp_nonce", None)
    return {
        "version": ENTRY_VERSION,
        "generation": generation,
        "status": response.status_code,
        "headers": [(name, value) for name, value in response.items() if name not in _NOT_REPLAYED],
        "content": response.content,
        "nonce": nonce if isinstance(nonce, str) else None,
    }


def fresh_nonce() -> str:
    """A nonce as django-csp makes one (csp.middleware.CSPMiddleware._make_nonce)."""
    return base64.b64encode(os.urandom(16)).decode("ascii")


def replay(entry: dict) -> HttpResponse:
    """The stored response (an entry `read` returned) with a fresh CSP nonce in its header and HTML."""
    content, headers, old_nonce = entry["content"], entry["headers"], entry["nonce"]
    if old_nonce:
        new_nonce = fresh_nonce()
        content = content.replace(old_nonce.encode(), new_nonce.encode())
        headers = [(name, value.replace(old_nonce, new_nonce)) for name, value in headers]
    response = HttpResponse(content, status=entry["status"], headers=dict(headers))
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(content))
    return response


class PageCacheMiddleware:
    """Serves anonymous readers' pages from the shared cache and stores the pages Wagtail offered.

    Place it right after RequestIdMiddleware, before every other: a hit then runs no other middleware, reads the
    generation number and nothing else, and a page is stored with every header the stack gave it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = lookup_key(request)
        if key and _not_pages.get(_FOR_GOOD, key):
            key = None
        generation = entry = None
        if key:
            try:
                generation, entry = read(key, cache=page_cache())
            except Exception:  # the cache is down: serve the page without it
                logger.exception("The page cache could not be read.")
                key = None
        if entry is not None:
            response = replay(entry)
            response[HEADER] = "hit"
            return response

        if key:  # the page is rendered: its layout is read under the generation already read here
            public_cache.remember_generation(request, public_generation(generation))
        request.page_cache_key = key
        response = self.get_response(request)
        if key and getattr(response, "page_cache_offered", False):
            if may_store(request, response):
                self._store(key, request, response, generation=generation)
            response[HEADER] = "miss"
        elif key and (match := getattr(request, "resolver_match", None)) and match.url_name != "wagtail_serve":
            _not_pages.put(_FOR_GOOD, key, True)
        return response

    @staticmethod
    def _store(key: str, request: HttpRequest, response: HttpResponse, *, generation: int) -> None:
        try:
            page_cache().set(key, entry_for(request, response, generation=generation), timeout=cache_seconds())
        except Exception:
            logger.exception("The page cache could not be written.")
