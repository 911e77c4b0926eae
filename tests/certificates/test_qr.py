"""The verification link printed on a certificate and its QR code (certificates/qr.py): absolute, language-neutral,
leading to the public verification page in the reader's language."""

import pytest

from certificates import qr
from tests.helpers import text

pytestmark = pytest.mark.django_db

BASE_URL = "https://lms.example.org/"


def test_verification_url_is_absolute_and_language_neutral(certificate):
    url = qr.verification_url(certificate, BASE_URL)

    assert url == f"https://lms.example.org/certificates/verify/{certificate.code}/"


def test_the_verification_path_is_sent_to_the_readers_language(client, certificate):
    path = qr.verification_path(certificate.code)

    uk_response = client.get(path)
    en_response = client.get(path, headers={"accept-language": "en"})

    assert uk_response.status_code == 302
    assert uk_response["Location"] == f"/uk/certificates/verify/{certificate.code}/"
    assert en_response.status_code == 302
    assert en_response["Location"] == f"/en/certificates/verify/{certificate.code}/"


def test_the_printed_link_leads_to_the_verification_page(client, certificate):
    response = client.get(qr.verification_url(certificate, "http://testserver/"), follow=True)

    assert response.redirect_chain == [(f"/uk/certificates/verify/{certificate.code}/", 302)]
    assert response.status_code == 200
    assert "Олександра Щербак" in text(response)


def test_qr_svg_is_an_svg_document():
    svg = qr.qr_svg("https://lms.example.org/certificates/verify/ABC/")

    assert svg.lstrip().startswith(b"<?xml") or svg.lstrip().startswith(b"<svg")
    assert b"<path" in svg
