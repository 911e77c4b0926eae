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


CSP = "Content Security Policy"
# Chromium logs every blocked script, style, image or frame to the console; this listener also reports the ones a
# page's own code could only see as an event, in the same words.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  console.error(`Content Security Policy violation: ${event.effectiveDirective} blocked ${blocked}`);
});
"""


class ConsoleWatch:
    """What a page said about its Content Security Policy while the test used it: console messages and errors."""

    def __init__(self) -> None:
        self.violations: list[str] = []

    def note(self, text: str) -> None:
        if CSP.lower() in text.lower():
            self.violations.append(text)

    def assert_no_csp_violations(self) -> None:
        assert self.violations == [], "Content Security Policy violations:\n" + "\n".join(self.violations)


def watch_console(page) -> ConsoleWatch:
    """Start collecting the page's console messages and errors that mention the Content Security Policy.

    Call it before the first `goto`; end the test with `watch.assert_no_csp_violations()`.
    """
    watch = ConsoleWatch()
    page.add_init_script(_REPORT_VIOLATIONS)
    page.on("console", lambda message: watch.note(f"{message.type}: {message.text} ({page.url})"))
    page.on("pageerror", lambda error: watch.note(f"page error: {error} ({page.url})"))
    return watch


def open_menu(page) -> None:
    """Open the site's menu: on a phone its links and search sit behind the "Menu" button until it is tapped."""
    menu = page.locator(".site-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
