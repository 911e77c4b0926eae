"""Wagtail's side of the page cache: pages that anonymous readers may share are offered to it (page_cache.py)."""

from wagtail import hooks

from lms.operations import page_cache

hooks.register("on_serve_page", page_cache.offer_pages)


@hooks.register("public_cache_generation")
def public_cache_generation():
    """content/public_cache.py keeps the menu, language links and site settings under the page cache's generation, so
    whatever makes cached pages stale makes those stale too, and apart for each release of the code; with the page
    cache off, nothing is kept."""
    if page_cache.cache_seconds() <= 0:
        return None
    return page_cache.public_generation(page_cache.current_generation())
