"""What every reader of a page sees alike (the menu, the language switcher, the site settings, whether any page is
view-restricted, a course's modules, audiences and trainers, the home page's lists), kept in the shared cache between
requests. Never what depends on who reads (progress, places, results) or on the time (open calls, upcoming sessions).

Entries are keyed on a generation number that the app above owning the whole-page cache gives through the
`public_cache_generation` hook (`fn() -> Hashable | None`; lms/operations registers the page cache's generation, which
is bumped after every publish, move, deletion and change to what pages show, together with the release of the code,
which a deploy changes). Without a number (no hook, or the page
cache turned off, as in most tests) nothing is kept and every read goes to the database. Previews are never served
from here: a draft's own rows (audiences, trainers, featured courses) live on the unsaved page, not in the database.
"""

import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache import cache
from wagtail import hooks

logger = logging.getLogger(__name__)
T = TypeVar("T")
TIMEOUT = 60 * 60 * 24  # a bumped generation makes an entry unreachable sooner; this only frees memory
_MISSING = object()


class LocalMemory:
    """What this process read in the current generation, by key (for at most `seconds` when given); the least
    recently used key is forgotten first once `size` are kept, and everything when the generation moves on. Values
    are shared by the requests that read them: callers never change what they get."""

    def __init__(self, *, size: int):
        self.size = size
        self.generation: Hashable | None = None
        self.values: OrderedDict[Hashable, tuple[Any, float]] = OrderedDict()

    def get(self, number: Hashable, key: Hashable, default=None):
        if number != self.generation or (found := self.values.get(key)) is None:
            return default
        value, expires = found
        if expires < time.monotonic():
            return default
        self.values.move_to_end(key)
        return value

    def put(self, number: Hashable, key: Hashable, value, *, seconds: float | None = None) -> None:
        if number != self.generation:
            self.generation, self.values = number, OrderedDict()
        expires = time.monotonic() + seconds if seconds is not None else float("inf")
        self.values[key] = (value, expires)
        self.values.move_to_end(key)
        while len(self.values) > self.size:
            self.values.popitem(last=False)


# Beside the shared cache, each process keeps what it read (an entry of a generation never changes): a page's
# layout then costs no round trip to the cache at all, only the one for the generation number.
local = LocalMemory(size=2000)


# The generation of the request in hand, for reads that are not given the request (a page's view restrictions):
# set by content.routing.RememberedSiteMiddleware for the length of the request.
_in_request: ContextVar[Hashable | None] = ContextVar("public_cache_generation", default=None)


@contextmanager
def request_generation(number: Hashable | None):
    token = _in_request.set(number)
    try:
        yield
    finally:
        _in_request.reset(token)


def remember_generation(request, number: Hashable | None) -> None:
    """The generation the page cache already read for this request: not read again (`generation`)."""
    request._public_cache_generation = number


def generation(request=None) -> Hashable | None:
    """The current generation, read once per request when one is given."""
    if request is not None and hasattr(request, "_public_cache_generation"):
        return request._public_cache_generation
    if request is None and (number := _in_request.get()) is not None:
        return number
    try:
        number = next((n for fn in hooks.get_hooks("public_cache_generation") if (n := fn()) is not None), None)
    except Exception:  # the cache is down: pages are read from the database, not refused
        logger.warning("The shared cache is unreachable: page layouts are read from the database.", exc_info=True)
        number = None
    if request is not None:
        request._public_cache_generation = number
    return number


def digest(values) -> str:
    """A short, order-free key part for a set of ids or translation keys."""
    return hashlib.sha1(",".join(sorted(str(value) for value in values)).encode()).hexdigest()  # noqa: S324


def cached(parts: tuple, compute: Callable[[], T], *, request=None) -> T:
    """`compute()`'s value, from the cache when this generation already stored it under `parts`."""
    number = None if getattr(request, "is_preview", False) else generation(request)
    if number is None:
        return compute()
    key = "public:" + ":".join(str(part) for part in (number, *parts))
    if (value := local.get(number, key, _MISSING)) is not _MISSING:
        return value
    try:
        value = cache.get(key, _MISSING)
    except Exception:
        logger.warning("The shared cache is unreachable: page layouts are read from the database.", exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:
            logger.warning("The shared cache is unreachable: page layouts are read from the database.",
                           exc_info=True)
    local.put(number, key, value)
    return value
