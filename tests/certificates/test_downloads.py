"""Downloading a certificate's PDF: the holder only, as an attachment nobody caches."""

import io

import pypdf
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates import downloads, services
from certificates.models import CertificateSettings
from tests.certificates.factories import issued_certificate, wagtail_image
from tests.factories import CoordinatorFactory, ParticipantFactory, UserFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

DOWNLOAD_QUERIES = 6  # 4 without images; 6 with a logo and two signatures (images, renditions: one query each)


def pdf_url(code: str) -> str:
    return reverse("certificate_pdf", kwargs={"code": code})


def pdf_text(response) -> str:
    return " ".join(pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())


@pytest.fixture
def certificate(tree):
    return issued_certificate(full_name="Юрій Зінченко")


@pytest.fixture
def holder(client, certificate):
    client.force_login(certificate.user)
    return client


@pytest.mark.pdf
def test_the_holder_downloads_the_pdf(holder, certificate):
    response = holder.get(pdf_url(certificate.code))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{certificate.code}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF")
    printed = pdf_text(response)
    assert "Юрій Зінченко" in printed and "Yurii Zinchenko" in printed
    assert "http://testserver/certificates/verify/" in printed.replace(" ", "")  # the QR's URL, from the request


@pytest.mark.pdf
def test_the_code_as_printed_or_typed_also_works(holder, certificate):
    typed = certificate.display_code.lower()

    response = holder.get(pdf_url(typed))

    assert response.status_code == 200
    assert certificate.display_code in pdf_text(response)


@pytest.mark.pdf
def test_a_revoked_certificate_downloads_with_its_mark(holder, certificate):
    services.revoke_certificate(certificate=certificate, by=None, reason="error")

    response = holder.get(pdf_url(certificate.code))

    assert response.status_code == 200
    assert uk("Revoked").upper() in pdf_text(response)


def test_another_participant_gets_a_404(client, certificate):
    client.force_login(ParticipantFactory())

    response = client.get(pdf_url(certificate.code))

    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")
    assert "Юрій Зінченко" not in text(response)


@pytest.mark.parametrize("make_user", [
    CoordinatorFactory,
    lambda: UserFactory(is_staff=True, is_superuser=True),
], ids=["coordinator", "superuser"])
def test_staff_get_a_404_too_they_download_in_the_admin(client, certificate, make_user):
    client.force_login(make_user())

    response = client.get(pdf_url(certificate.code))

    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")


def test_anonymous_visitors_are_sent_to_log_in(client, certificate):
    url = pdf_url(certificate.code)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize(("code", "lookups"), [
    ("0" * 20, 1),  # well formed, never issued
    ("ABCDE-FGHJK", 0),  # too short: not looked up at all
    ("not-a-code-at-all!", 0),
])
def test_unknown_or_malformed_codes_get_a_404(learner, tree, code, lookups):
    with CaptureQueriesContext(connection) as queries:
        response = learner.get(pdf_url(code))

    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")
    assert sum('"certificates_certificate"' in query["sql"] for query in queries.captured_queries) == lookups


def test_only_get(holder, certificate):
    response = holder.post(pdf_url(certificate.code))

    assert response.status_code == 405
    assert response.content == b""


@pytest.mark.pdf
@pytest.mark.parametrize("with_images", [False, True])
def test_query_count_is_fixed(holder, certificate, with_images, django_assert_max_num_queries):
    if with_images:
        settings = CertificateSettings.load()
        settings.logo = wagtail_image("blue")
        settings.save()
        certificate.signatories = [
            {"name": name, "name_latin": "", "role": "Тренер", "role_en": "Trainer",
             "signature_id": wagtail_image(colour).pk}
            for name, colour in (("Ірина Коваленко", "black"), ("Петро Мельник", "green"))
        ]
        certificate.save()
        holder.get(pdf_url(certificate.code))  # the first download makes the PNG renditions

    with django_assert_max_num_queries(DOWNLOAD_QUERIES):
        response = holder.get(pdf_url(certificate.code))

    assert response.status_code == 200
    assert len(pypdf.PdfReader(io.BytesIO(response.content)).pages[0].images) == (4 if with_images else 1)  # + QR


@pytest.mark.pdf
def test_pdf_response_serves_any_certificate_the_caller_allows(certificate):
    request = RequestFactory().get("/admin/certificates/", secure=True, headers={"host": "localhost"})

    response = downloads.pdf_response(certificate, request)

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{certificate.code}.pdf"'
    assert f"https://localhost/certificates/verify/{certificate.code}/" in pdf_text(response).replace(" ", "")
