"""Download my data: the logged-in person's own data as a JSON file, a readable page, and a ZIP of both with the files
they uploaded. From the profile page.

Only one's own: the URLs hold no id, every read is of `request.user`, so staff cannot use them to read anybody
else's. One rate-limit counter per person across the three (settings.PERSONAL_DATA_RATE_LIMIT): each download reads
every record of the person and the ZIP every file, so it cannot be hammered. Never cached anywhere.
"""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from enrollments.privacy.archive import stream_archive
from enrollments.privacy.personal_data import PersonalData, personal_data

RATE_GROUP = "enrollments.personal_data"  # one counter for the page, the JSON and the ZIP
PAGE_TEMPLATE = "enrollments/privacy/personal_data.html"
FILE_TEMPLATE = "enrollments/privacy/personal_data_file.html"  # the page as a file of its own, in the ZIP


def _rate(group: str, request: HttpRequest) -> str:
    return settings.PERSONAL_DATA_RATE_LIMIT


def _own_data(view):
    """Logged in (anyone else is sent to log in first), GET only, throttled per person."""
    throttled = ratelimit(group=RATE_GROUP, key="user", rate=_rate, block=True)(view)
    return login_required(require_safe(throttled))


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _attachment(response: HttpResponse, extension: str) -> HttpResponse:
    name = f"hromada-my-data-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return _private(response)


def _json(found: PersonalData) -> bytes:
    return json.dumps(found.data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _context(found: PersonalData, *, standalone: bool) -> dict:
    return {
        "data": found.data,
        "sections": [(template, found.data[name]) for name, template in found.templates.items()],
        "standalone": standalone,
    }


@_own_data
def data_json(request: HttpRequest) -> HttpResponse:
    found = personal_data(user=request.user)
    return _attachment(HttpResponse(_json(found), content_type="application/json; charset=utf-8"), "json")


@_own_data
def data_page(request: HttpRequest) -> HttpResponse:
    found = personal_data(user=request.user)
    return _private(render(request, PAGE_TEMPLATE, _context(found, standalone=False)))


@_own_data
def data_zip(request: HttpRequest) -> StreamingHttpResponse:
    found = personal_data(user=request.user)
    documents = {
        "data.json": _json(found),
        "data.html": render_to_string(FILE_TEMPLATE, _context(found, standalone=True), request=request).encode(),
    }
    # Everything from the database is read above; only the files are read while the archive is sent.
    response = StreamingHttpResponse(stream_archive(documents=documents, files=found.files),
                                     content_type="application/zip")
    return _attachment(response, "zip")
