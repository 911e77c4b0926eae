"""What every browser test starts from: a phone-sized Chromium whose session is already the user's."""

from django.conf import settings
from django.test import Client

PHONE = {"width": 360, "height": 740}


def logged_in_context(new_context, live_server, user):
    """A phone-sized browser whose session cookie is the user's, so no log-in form is needed."""
    client = Client()
    client.force_login(user)
    context = new_context(viewport=PHONE, base_url=live_server.url, locale="uk-UA")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context
