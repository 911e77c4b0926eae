"""Wagtail's side of the page cache: pages that anonymous readers may share are offered to it (page_cache.py)."""

from wagtail import hooks

from lms.operations import page_cache

hooks.register("on_serve_page", page_cache.offer_pages)
