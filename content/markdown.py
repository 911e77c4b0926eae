"""Markdown rendering: the one place user- or editor-written Markdown becomes HTML.

Markdown is rendered with Python-Markdown, then cleaned with nh3 (a Rust HTML sanitiser), so
scripts, event-handler attributes, inline styles and `javascript:`/`data:` URLs never reach a page.
"""

from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s",
    "small", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
EXTENSIONS = ["extra", "sane_lists", "smarty"]


def sanitise_html(html: str) -> str:
    """Keep only harmless markup; links get rel="noopener noreferrer nofollow"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@lru_cache(maxsize=512)
def _render(text: str) -> str:
    html = markdown_lib.markdown(text, extensions=EXTENSIONS, output_format="html")
    # A wide table scrolls sideways on a phone (site.css): focusable, so it scrolls from the keyboard too (WCAG 2.1.1).
    return sanitise_html(html).replace("<table>", '<table tabindex="0">')


def render_markdown(text: str | None) -> SafeString:
    """Markdown source to sanitised HTML, safe to put in a template."""
    if not text:
        return mark_safe("")  # noqa: S308
    return mark_safe(_render(text))  # noqa: S308 - sanitised by nh3 above
