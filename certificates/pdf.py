"""The certificate as a one-page A4 landscape PDF, Ukrainian and English side by side, from a Django template.

WeasyPrint draws it with DejaVu Sans (Debian's fonts-dejavu-core), so Cyrillic is real, extractable
text. Everything printed comes from the certificate's snapshot; only the logo is today's, from
CertificateSettings. Images are embedded as data: URIs and the URL fetcher refuses everything
else, so rendering never reaches the network or the file system.
"""

from __future__ import annotations

import logging
from base64 import b64encode
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.images import get_image_model

from certificates.models import Certificate, CertificateKind, CertificateSettings
from certificates.qr import qr_data_uri, verification_url
from certificates.transliteration import to_latin
from content.hours import hours_label
from enrollments.session_label import date_range

logger = logging.getLogger(__name__)

IMAGE_SPEC = "max-600x240|format-png"
TEMPLATE = "certificates/certificate_pdf.html"
STYLESHEET = "certificates/pdf/certificate.css"


@dataclass(frozen=True)
class Side:
    """What is printed in one language: the labels and the formatted dates and numbers."""

    language: str
    kind: str
    hours: str
    dates: str
    city: str
    issued_on: str
    expires_on: str
    revoked_on: str


def _day(day: date | None) -> str:
    return date_format(day, "DATE_FORMAT") if day else ""


def _side(certificate: Certificate, language: str) -> Side:
    with translation.override(language):
        first, last = certificate.first_day, certificate.last_day
        revoked_at = certificate.revoked_at
        return Side(
            language=language,
            kind=str(CertificateKind(certificate.kind).label),
            hours=hours_label(certificate.hours),
            dates=date_range(first, last),
            # The city is stored in Ukrainian; its official Latin spelling is the English one (Київ → Kyiv).
            city=certificate.city if language == "uk" else to_latin(certificate.city),
            issued_on=_day(timezone.localdate(certificate.issued_at)),
            expires_on=_day(certificate.expires_on),
            revoked_on=_day(timezone.localdate(revoked_at)) if revoked_at else "",
        )


def _image_uris(image_ids: set[int]) -> dict[int, str]:
    """A PNG data URI per Wagtail image id; images deleted or whose file is gone are left out."""
    ids = {pk for pk in image_ids if pk}
    if not ids:
        return {}
    uris = {}
    for image in get_image_model().objects.filter(pk__in=ids).prefetch_renditions(IMAGE_SPEC):
        try:
            rendition = image.get_rendition(IMAGE_SPEC)
            with rendition.file.open("rb") as file:  # through the storage: local disk or object storage alike
                uris[image.pk] = "data:image/png;base64," + b64encode(file.read()).decode("ascii")
        except OSError:  # includes Wagtail's SourceImageIOError: a file missing from the storage
            logger.warning("Certificate image %s could not be read; it is left out.", image.pk, exc_info=True)
    return uris


def certificate_context(certificate: Certificate, *, base_url: str) -> dict:
    """Everything the PDF template prints."""
    branding = CertificateSettings.load()
    signatories = certificate.signatories or []
    images = _image_uris({branding.logo_id} | {s.get("signature_id") for s in signatories})
    url = verification_url(certificate, base_url)
    return {
        "certificate": certificate,
        "uk": _side(certificate, "uk"),
        "en": _side(certificate, "en"),
        "logo": images.get(branding.logo_id),
        "signatories": [{**s, "signature": images.get(s.get("signature_id"))} for s in signatories],
        "verification_url": url,
        "qr": qr_data_uri(url),
        "title": f"{gettext('Certificate')} {certificate.display_code}",
    }


def render_certificate_pdf(certificate: Certificate, *, base_url: str | None = None) -> bytes:
    """The certificate as PDF bytes.

    `base_url` is the site's root as the reader reached it (request.build_absolute_uri("/")); without a
    request (a task, a shell) the configured WAGTAILADMIN_BASE_URL is used.
    """
    from weasyprint import HTML  # loads Pango: only in the processes that draw certificates

    base_url = base_url or settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"
    html = render_to_string(TEMPLATE, certificate_context(certificate, base_url=base_url))
    stylesheet, fonts = _stylesheet()
    return HTML(string=html, url_fetcher=data_only_fetcher()).write_pdf(stylesheets=[stylesheet], font_config=fonts)


@cache
def _stylesheet():
    """The certificate's stylesheet, parsed once per process, with the font configuration it was parsed with.

    Parsing the CSS and setting up fonts cost as much as laying the page out; a batch of certificates shares both.
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(string=render_to_string(STYLESHEET), font_config=fonts, url_fetcher=data_only_fetcher()), fonts


def data_only_fetcher():
    """A fetcher for data: URIs only: nothing on the page may make the server fetch a URL or read a local file."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",))
