"""A page's words as plain text for a list of results, whatever markup they were written in (rich text, Markdown).

Pure over a page's values: tags are stripped and entities read before cutting, so a template escapes the result
once and a reader never sees `<p><strong>` or `&amp;`.
"""

from html import unescape

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.fields import RichTextField
from wagtail.rich_text import RichText

from content.markdown import render_markdown

EXCERPT_WORDS = 40
DESCRIPTION_FIELDS = ("search_description", "summary", "intro")


def plain_text(html: str) -> str:
    """The text of an HTML fragment, tags gone, entities read, runs of white space made one space."""
    return " ".join(unescape(strip_tags(html)).split())


def page_excerpt(page, *, words: int = EXCERPT_WORDS) -> str:
    """The page's own description (search description, summary, introduction), else the start of its body."""
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, "")
        if value:
            return Truncator(_field_text(page, name, value)).words(words)
    return Truncator(_body_text(getattr(page, "body", None) or [], words)).words(words)


def _field_text(page, name: str, value) -> str:
    field = next((f for f in page._meta.get_fields() if f.name == name), None)
    if isinstance(field, RichTextField):
        return plain_text(value)
    return " ".join(str(value).split())


def _body_text(body, words: int) -> str:
    """Text blocks in order (paragraphs, Markdown, headings, callouts) until there are enough words."""
    parts: list[str] = []
    count = 0
    for block in body:
        text = _block_text(block)
        if text:
            parts.append(text)
            count += len(text.split())
        if count > words:
            break
    return " ".join(parts)


def _block_text(block) -> str:
    value = block.value
    if block.block_type == "markdown":
        return plain_text(render_markdown(value))
    if hasattr(value, "get"):  # a StructValue: a heading's or a callout's text
        value = value.get("text", "")
    if isinstance(value, RichText):
        return plain_text(value.source)
    return " ".join(value.split()) if isinstance(value, str) else ""
