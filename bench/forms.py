"""What a browser would post: the forms of a page read from its HTML, and a small HTTP client that logs in.

The client keeps cookies itself: the production settings mark them Secure, which http.cookiejar would then never
send back over the bench's plain http on loopback.
"""

import http.client
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

TEXT_LIKE = {"text", "hidden", "email", "number", "tel", "url", "search", "password", "date", "time", "datetime-local"}


@dataclass
class Form:
    """One <form>: where it posts and the fields a browser would send (in order; a name may repeat)."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    radios: dict[str, list[str]] = field(default_factory=dict)  # every radio group: its values in order
    checked_radios: set[str] = field(default_factory=set)

    def names(self) -> set[str]:
        return {name for name, _ in self.fields} | set(self.radios)

    def body(self, *, choose_radios: bool = True) -> str:
        """The urlencoded body; `choose_radios`: a radio group nothing is checked in gets its first value."""
        pairs = list(self.fields)
        if choose_radios:
            pairs += [(name, values[0]) for name, values in self.radios.items()
                      if name not in self.checked_radios and values]
        return urlencode(pairs)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, every option, the selected ones
        self._option: dict | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value or "") for name, value in attrs}
        if tag == "form":
            self._form = Form(action=attrs.get("action", ""), method=attrs.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None or "disabled" in attrs:
            return
        elif tag == "input" and attrs.get("name"):
            self._input(attrs)
        elif tag == "select" and attrs.get("name"):
            self._select = (attrs["name"], [], [])
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": [], "selected": "selected" in attrs}
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = (attrs["name"], [])

    def _input(self, attrs: dict):
        kind, name, value = attrs.get("type", "text").lower(), attrs["name"], attrs.get("value", "")
        if kind in TEXT_LIKE:
            self._form.fields.append((name, value))
        elif kind == "checkbox" and "checked" in attrs:
            self._form.fields.append((name, value or "on"))
        elif kind == "radio":
            self._form.radios.setdefault(name, []).append(value or "on")
            if "checked" in attrs:
                self._form.fields.append((name, value or "on"))
                self._form.checked_radios.add(name)

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"].append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else "".join(option["text"]).strip()
            self._select[1].append(value)
            if option["selected"]:
                self._select[2].append(value)
            self._option = None
        elif tag == "select" and self._select is not None:
            name, options, selected = self._select
            for value in selected or options[:1]:
                self._form.fields.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form.fields.append((self._textarea[0], "".join(self._textarea[1]).strip("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(html: str, *, having: str) -> Form:
    """The first post form with a field whose name starts with `having`; LookupError when the page has none."""
    for form in parse_forms(html):
        if form.method == "post" and any(name.startswith(having) for name in form.names()):
            return form
    raise LookupError(f"no post form with a field {having!r}")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str


class Client:
    """A browser enough for the bench: keeps cookies (Secure or not), sends Origin on posts, follows no redirect."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, body: str | None = None) -> Response:
        parts = urlsplit(urljoin(self.base_url + "/", path))
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        # X-Real-IP: the bench server takes the client's address from it (as behind a proxy that sets it).
        headers = {"Cookie": self.cookie_header(), "Origin": self.base_url, "Referer": self.base_url + parts.path,
                   "X-Real-IP": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body,
                               headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
            for name, value in answer.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, cookie_value = value.split(";", 1)[0].partition("=")
                    self.cookies[cookie_name.strip()] = cookie_value.strip()
            return Response(answer.status, {name.lower(): value for name, value in answer.getheaders()}, text)
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, body: str) -> Response:
        return self.request("POST", path, body)

    def log_in(self, path: str, credentials: dict[str, str]) -> None:
        """Logs in through the site's log-in form (allauth's: login and password; Django's: username and
        password); RuntimeError unless the site answers with a redirect and a session."""
        form = find_form(self.get(path).text, having="password")
        answer = self.post(path, urlencode(dict(form.fields) | credentials))
        if answer.status != 302 or "sessionid" not in self.cookies:
            found = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', answer.text)
            raise RuntimeError(f"could not log in at {path} with {sorted(credentials)}: {answer.status} {found[:2]}")
