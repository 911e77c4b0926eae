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


# --- The Wagtail admin -------------------------------------------------------------------------------

ADMIN_HOME = "/admin/"


def messages_of(response) -> list[str]:
    """The messages (Django's messages framework) a rendered response shows."""
    return [str(message) for message in response.context["messages"]]


def assert_denied(response) -> None:
    """Wagtail answers a forbidden admin page with a redirect to the dashboard (or a 403)."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == ADMIN_HOME


def assert_sent_to_login(response) -> None:
    """Someone logged out is sent to the log-in page (allauth's, which the admin uses too)."""
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
