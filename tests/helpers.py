"""Small helpers shared by view tests."""

from html import unescape

from django.utils import translation


def uk(message: str, **values) -> str:
    """The text as a Ukrainian reader sees it (translated when a catalogue has it)."""
    with translation.override("uk"):
        text = translation.gettext(message)
    return text % values if values else text


def uk_plural(singular: str, plural: str, count: int, **values) -> str:
    with translation.override("uk"):
        text = translation.ngettext(singular, plural, count)
    return text % values


def text(response) -> str:
    """The response body as a reader sees it: decoded, HTML entities resolved; a streamed one read whole."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return unescape(body.decode())
