"""Request ids and JSON log lines (lms/operations/logs.py): one id ties the response, the logs and the proxy's log."""

import contextvars
import io
import json
import logging

import pytest
from django.http import HttpResponse

from lms.operations.logs import (
    JsonFormatter,
    RequestIdFilter,
    RequestIdMiddleware,
    current_request_id,
    request_id_from,
)

pytestmark = pytest.mark.django_db
REQUEST_ID_MIDDLEWARE = "lms.operations.logs.RequestIdMiddleware"


@pytest.fixture
def request_ids(settings):
    """Every environment has the middleware first, so that even a redirect or a static file answers with its id."""
    assert settings.MIDDLEWARE[0] == REQUEST_ID_MIDDLEWARE


@pytest.fixture
def json_lines():
    """What a production handler writes (JSON formatter, request-id filter on the handler), read back line by line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


@pytest.mark.usefixtures("request_ids")
def test_a_request_logs_json_with_the_id_its_response_carries(client, json_lines):
    response = client.get("/media/images/nothing-here.png")

    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    line = next(line for line in json_lines() if line["logger"] == "django.request")
    assert line["request_id"] == request_id
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /media/images/nothing-here.png"
    assert line["status_code"] == 404
    assert line["timestamp"].endswith("+00:00")
    assert "request" not in line  # Django's request object, not a field


@pytest.mark.usefixtures("request_ids")
def test_the_proxys_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="a1B2.c3_d4-e5")
    assert response["X-Request-ID"] == "a1B2.c3_d4-e5"


@pytest.mark.usefixtures("request_ids")
@pytest.mark.parametrize("forged", ['abc"}\n{"level": "CRITICAL"', "<script>", "x" * 65, "id with spaces", ""])
def test_a_forged_or_oversized_id_is_replaced(client, forged):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=forged)

    request_id = response["X-Request-ID"]
    assert request_id != forged
    assert len(request_id) == 32 and int(request_id, 16) >= 0  # a fresh uuid4, in hex


@pytest.mark.usefixtures("request_ids")
def test_each_request_gets_its_own_id_and_it_is_forgotten_afterwards(client):
    first, second = client.get("/healthz")["X-Request-ID"], client.get("/healthz")["X-Request-ID"]

    assert first != second
    assert current_request_id() == "-"


def test_the_view_can_read_the_id(rf):
    seen = {}

    def view(request):
        seen["id"] = request.request_id
        seen["logged"] = current_request_id()
        return HttpResponse()

    # In a context of its own: called directly, no server closes the response to forget the id.
    response = contextvars.copy_context().run(RequestIdMiddleware(view), rf.get("/", HTTP_X_REQUEST_ID="from-nginx"))

    assert seen == {"id": "from-nginx", "logged": "from-nginx"}
    assert response["X-Request-ID"] == "from-nginx"


def test_logs_outside_a_request_say_so(json_lines):
    logging.getLogger("lms.test").warning("from a worker")

    line = next(line for line in json_lines() if line["logger"] == "lms.test")
    assert line["request_id"] == "-"


def test_an_exception_is_logged_with_its_traceback(json_lines):
    try:
        raise ValueError("bad value")
    except ValueError:
        logging.getLogger("lms.test").exception("it failed")

    line = next(line for line in json_lines() if line["logger"] == "lms.test")
    assert line["level"] == "ERROR"
    assert line["message"] == "it failed"
    assert "ValueError: bad value" in line["exc_info"]
    assert "Traceback" in line["exc_info"]


@pytest.mark.parametrize(("header", "kept"), [
    ("0f9e8d7c", True),
    ("x" * 64, True),
    ("x" * 65, False),
    ("a/b", False),
    ("a b", False),
    (None, False),
])
def test_which_ids_are_sane(header, kept):
    assert (request_id_from(header) == header) is kept
