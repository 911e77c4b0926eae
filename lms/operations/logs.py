"""Logs as one JSON object a line, each carrying the id of the request it was written for.

The id comes from the reverse proxy's X-Request-ID when it is a sane token (so nginx's access log, ours and Sentry
name the same request), else it is made here; the response sends it back in X-Request-ID, so a user's report
("error … at 14:02, id 3f2a…") leads to every line of that request.
"""

import logging
import re
import uuid
from contextvars import ContextVar

import sentry_sdk
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

HEADER = "X-Request-ID"
NO_REQUEST = "-"
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def current_request_id() -> str:
    """The id of the request being served, or "-" outside one (a worker, a command)."""
    return _request_id.get()


def request_id_from(header: str | None) -> str:
    """The proxy's id when it is a plain token of at most 64 characters; a fresh one otherwise (never trust a
    header that could carry newlines or markup into the logs)."""
    if header and _SANE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives every request an id: request.request_id, the X-Request-ID response header, and each log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id
        _request_id.set(request_id)
        sentry_sdk.set_tag("request_id", request_id)  # a no-op unless SENTRY_DSN is set
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _forget_request_id(**kwargs) -> None:
    # Not reset in the middleware: Django logs 4xx and 5xx responses ("Not Found: /x") after the middleware has
    # returned; request_finished comes when the server closes the response.
    _request_id.set(NO_REQUEST)


request_finished.connect(_forget_request_id, dispatch_uid="lms.operations.logs.forget_request_id")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record that passes the handler (put it on the handler: a logger's filters do not
    see records propagated from its children)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class JsonFormatter(_BaseJsonFormatter):
    """timestamp (UTC, ISO 8601), level, logger, message, request_id; exc_info with the traceback when there is one;
    and any `extra` given to the logging call (e.g. Django's status_code)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["levelname", "name", "message", "request_id"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        # Django passes the request object itself with every django.request record: its repr is noise.
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request"])
        super().__init__(*args, **kwargs)
