"""What every reader of a page sees alike (the menu, the language switcher, the site settings, whether any page is
view-restricted, a course's modules, audiences and trainers, the home page's lists), kept in the shared cache between
requests. Never what depends on who reads (progress, places, results) or on the time (open calls, upcoming sessions).

Entries are keyed on a generation number that the app above owning the whole-page cache gives through the
`public_cache_generation` hook (`fn() -> int | None`; lms/operations registers the page cache's generation, which
is bumped after every publish, move, deletion and change to what pages show). Without a number (no hook, or the page
cache turned off, as in most tests) nothing is kept and every read goes to the database. Previews are never served
from here: a draft's own rows (audiences, trainers, featured courses) live on the unsaved page, not in the database.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from wagtail import hooks

logger = logging.getLogger(__name__)
T = TypeVar("T")
TIMEOUT = 60 * 60 * 24  # a bumped generation makes an entry unreachable sooner; this only frees memory
_MISSING = object()


def generation(request=None) -> int | None:
    """The current generation, read once per request when one is given."""
    if request is not None and hasattr(request, "_public_cache_generation"):
        return request._public_cache_generation
    try:
        number = next((n for fn in hooks.get_hooks("public_cache_generation") if (n := fn()) is not None), None)
    except Exception:  # the cache is down: pages are read from the database, not refused
        logger.warning("The shared cache is unreachable: page layouts are read from the database.", exc_info=True)
        number = None
    if request is not None:
        request._public_cache_generation = number
    return number


def cached(parts: tuple, compute: Callable[[], T], *, request=None) -> T:
    """`compute()`'s value, from the cache when this generation already stored it under `parts`."""
    number = None if getattr(request, "is_preview", False) else generation(request)
    if number is None:
        return compute()
    key = "public:" + ":".join(str(part) for part in (number, *parts))
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
    return value
