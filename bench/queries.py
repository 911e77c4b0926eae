"""SQL queries per request, one page at a time and not under load: `python -m bench.queries < pages.json`.

Runs inside the project with the server's settings and database. Each page is asked twice through Django's test
client as its user (logged in with force_login): the first request finds cold caches (the page cache, the
session's cache), the second is what a worker under load does. Prints {name: [first, second]} as JSON.
"""

import json
import sys

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

FORM = "application/x-www-form-urlencoded"


def count(client: Client, page: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        if page["method"] == "POST":
            response = client.post(page["path"], data=page["body"], content_type=FORM)
        else:
            response = client.get(page["path"])
    if response.status_code >= 400:
        print(f"{page['name']}: {page['method']} {page['path']} answered {response.status_code}", file=sys.stderr)
    return len(captured.captured_queries)


def measure(pages: list[dict]) -> dict[str, list[int]]:
    users = get_user_model().objects
    counts = {}
    for page in pages:
        client = Client(HTTP_X_REAL_IP="127.0.0.1")  # the bench server trusts that header for the address
        if page.get("user"):
            client.force_login(users.get(email__iexact=page["user"]))
        counts[page["name"]] = [count(client, page), count(client, page)]
    return counts


if __name__ == "__main__":
    print(json.dumps(measure(json.load(sys.stdin))))
