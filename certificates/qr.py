"""The verification link printed on a certificate, and its QR code as an SVG data URI."""

from base64 import b64encode
from io import BytesIO
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


def qr_png(data: str) -> bytes:
    """The QR code of `data` as a black-and-white PNG, 8 pixels a module (about 250 dpi at the printed 30 mm).

    The PDF embeds a PNG rather than the SVG: WeasyPrint parses an SVG path of hundreds of squares in Python,
    which was a third of the time each certificate took to draw; a PNG is copied in as it is.
    """
    image = qrcode.make(data, error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=8)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_data_uri(data: str) -> str:
    """The QR code of `data` as a PNG data: URI for an <img>, so rendering the PDF fetches nothing."""
    return "data:image/png;base64," + b64encode(qr_png(data)).decode("ascii")
