"""Public media (images, renditions) from local disk, when no web server in front serves /media/ itself.

Wired in lms/urls.py when DEBUG is off and SERVE_MEDIA is on; it answers only while the default storage is the local
FileSystemStorage (with object storage, files come from the bucket's URLs). Never served from here: private files
(PRIVATE_MEDIA_ROOT: applicants' uploads, exports) and Wagtail documents, which go through Wagtail's own view
(/documents/<id>/<name>) so that a private collection's documents stay private.
"""

import mimetypes
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

# Wagtail writes renditions under images/ with the filter in the name: a changed image gets new names.
RENDITIONS = "images/"
RENDITION_MAX_AGE = 60 * 60 * 24 * 30
OTHER_MAX_AGE = 60 * 60
# Shown in the browser; anything else (SVG, which can carry scripts, PDFs, archives) is downloaded.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"})
NEVER_SERVED = ("documents/",)


def _public_file(path: str) -> Path:
    """The file under MEDIA_ROOT that `path` names, or Http404 (outside it, private, a document, not a file)."""
    if path.startswith(NEVER_SERVED) or "\x00" in path:
        raise Http404
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path)).resolve()  # resolve(): no way out through a symlink
    except SuspiciousFileOperation as exc:
        raise Http404 from exc
    media, private = Path(settings.MEDIA_ROOT).resolve(), Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    if not full.is_relative_to(media) or full.is_relative_to(private) or not full.is_file():
        raise Http404
    if full.relative_to(media).as_posix().startswith(NEVER_SERVED):
        raise Http404
    return full


@require_safe
def serve_public_media(request: HttpRequest, path: str) -> HttpResponse:
    if not getattr(settings, "SERVE_MEDIA", True) or type(storages["default"]) is not FileSystemStorage:
        raise Http404
    full = _public_file(path)
    modified = full.stat().st_mtime
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), modified):
        return HttpResponseNotModified()
    content_type, _ = mimetypes.guess_type(full.name)
    inline = content_type in INLINE_TYPES
    response = FileResponse(full.open("rb"), as_attachment=not inline, filename=os.path.basename(full),
                            content_type=content_type or "application/octet-stream")
    response["Last-Modified"] = http_date(modified)
    response["X-Content-Type-Options"] = "nosniff"
    max_age = RENDITION_MAX_AGE if path.startswith(RENDITIONS) else OTHER_MAX_AGE
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response
