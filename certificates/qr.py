"""The verification link printed on a certificate, and its QR code as an SVG data URI."""

from base64 import b64encode
from urllib.parse import urljoin

import qrcode
import qrcode.constants
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from certificates.models import Certificate


def verification_path(code: str) -> str:
    """/certificates/verify/<code>/ without a language prefix.

    Paper outlives the reader's language choice: LocaleMiddleware sends the path to /uk/ or /en/
    by the browser's language, so one printed link suits both.
    """
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("verify_certificate", kwargs={"code": code})
    return "/" + path.removeprefix(f"/{settings.LANGUAGE_CODE}/")


def verification_url(certificate: Certificate, base_url: str) -> str:
    """The absolute public verification URL of the certificate; `base_url` is the site's root, e.g. https://x/."""
    return urljoin(base_url, verification_path(certificate.code))


def qr_svg(data: str) -> bytes:
    """The QR code of `data` as an SVG document (error correction M: survives a crease or a stamp)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage,
                        error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    return image.to_string()


def qr_data_uri(data: str) -> str:
    """The QR code of `data` as a data: URI for an <img>, so rendering the PDF fetches nothing."""
    return "data:image/svg+xml;base64," + b64encode(qr_svg(data)).decode("ascii")
