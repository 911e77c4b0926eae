"""Pages for someone logged in are sent `Cache-Control: private, no-store`: no shared proxy or browser cache keeps them.

Whatever a logged-in person sees may hold personal data (their learning, a roster, an application), and a shared
computer's browser or a proxy must not keep a copy, nor show it again from the back button after logging out. This
middleware adds `private, no-store` to every response to a request whose session belongs to a logged-in person,
unless the view chose otherwise: a response already marked `public` (an image rendition) is left alone, and one with
other directives (Django's `never_cache`, Wagtail's admin and view restrictions) keeps them with these two added.

Anonymous readers are left to the views: the public pages that show one person's data (certificate verification,
an application, check-in) say `never_cache` themselves, and every other anonymous page stays shareable by the page
cache (page_cache.py, which never stores a response for someone logged in). Static files are answered by WhiteNoise
before this middleware is reached, public media say `public` themselves.

Logged in is read from the session (a cache read with the cached_db engine), never by loading the user, so a page
that did not need the user costs no query for it; a session that names a user who has since been deactivated is
treated as logged in too, which only costs a cache that was not wanted.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

PUBLIC = "public"


def is_logged_in(request: HttpRequest) -> bool:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session, nobody logged in: not even a cache read
    session = getattr(request, "session", None)
    return session is not None and session.get(SESSION_KEY) is not None


def mark_private(response: HttpResponseBase) -> None:
    if PUBLIC in response.get("Cache-Control", "").lower():
        return
    patch_cache_control(response, private=True, no_store=True)


class PrivatePagesMiddleware:
    """After the session middleware: `Cache-Control: private, no-store` on every response to someone logged in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if is_logged_in(request):
            mark_private(response)
        return response
