"""The certificate PDF: one A4 landscape page, Ukrainian and English, real Cyrillic text, images, QR link."""

import io
from datetime import date
from decimal import Decimal
from unittest.mock import patch

import pypdf
import pytest
import qrcode
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.images.models import Image

from certificates import pdf, services
from certificates.models import CertificateKind, CertificateSettings
from enrollments.session_label import date_range
from tests.certificates.factories import issued_certificate, wagtail_image
from tests.courses.factories import translate_tree
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.helpers import uk

pytestmark = pytest.mark.django_db

BASE_URL = "https://lms.example.org/"


def page_text(data: bytes) -> str:
    """The text of the one page, each run of white space (line breaks included) as one space."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def in_both(message: str) -> tuple[str, str]:
    with translation.override("uk"):
        uk_text = translation.gettext(message)
    with translation.override("en"):
        en_text = translation.gettext(message)
    return uk_text, en_text


@pytest.fixture
def certificate(tree):
    translate_tree(tree)  # the course has an English title
    return issued_certificate(full_name="Олександра Щербак")


@pytest.mark.pdf
def test_one_landscape_a4_page_with_both_languages_as_real_text(certificate):
    data = pdf.render_certificate_pdf(certificate, base_url=BASE_URL)

    assert data.startswith(b"%PDF")
    box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 turned on its side
    text = page_text(data)
    for printed in ("Олександра Щербак", "Oleksandra Shcherbak", "Ведення випадку", "Case management",
                    "Дніпро", "Dnipro", certificate.display_code):
        assert printed in text
    first, last = certificate.first_day, certificate.last_day
    with translation.override("uk"):
        assert date_range(first, last) in text
        uk_kind = str(CertificateKind.COMPLETION.label)
    with translation.override("en"):
        assert date_range(first, last) in text
        en_kind = str(CertificateKind.COMPLETION.label)
    assert f"{uk_kind} / {en_kind}" in text
    uk_word, en_word = in_both("Certificate")
    assert f"{uk_word.upper()} / {en_word.upper()}" in text
    assert uk("Revoked").upper() not in text


@pytest.mark.pdf
def test_hours_are_printed_in_both_languages(certificate):
    certificate.hours = Decimal("18.0")

    text = page_text(pdf.render_certificate_pdf(certificate, base_url=BASE_URL))

    with translation.override("uk"):
        assert translation.ngettext("%(hours)s hour", "%(hours)s hours", 18) % {"hours": 18} in text
    assert "18 hours" in text


@pytest.mark.pdf
def test_the_issue_date_and_a_single_day(tree):
    session = TrainingSessionFactory(days=1, city="Київ")
    certificate = issued_certificate(enrollment=EnrollmentFactory(session=session))

    text = page_text(pdf.render_certificate_pdf(certificate, base_url=BASE_URL))

    with translation.override("en"):
        day = date_format(certificate.first_day, "DATE_FORMAT")
    assert f"{day}, Kyiv" in text  # one day, not "day – day"; the city in its official Latin spelling
    assert f"{day} –" not in text
    assert "Київ" in text


@pytest.mark.pdf
def test_expiry_is_printed_only_when_the_certificate_expires(tree):
    lasting = issued_certificate()
    expiring = issued_certificate(validity_months=24)
    label_uk, label_en = in_both("Expires on")

    assert f"{label_uk} / {label_en}" not in page_text(pdf.render_certificate_pdf(lasting, base_url=BASE_URL))
    text = page_text(pdf.render_certificate_pdf(expiring, base_url=BASE_URL))
    assert f"{label_uk} / {label_en}" in text
    with translation.override("en"):
        assert date_format(expiring.expires_on, "DATE_FORMAT") in text


@pytest.mark.pdf
def test_a_revoked_certificate_still_renders_with_a_visible_mark(certificate):
    services.revoke_certificate(certificate=certificate, by=None, reason="error")
    certificate.refresh_from_db()

    text = page_text(pdf.render_certificate_pdf(certificate, base_url=BASE_URL))

    uk_word, en_word = in_both("Revoked")
    assert f"{uk_word.upper()} / {en_word.upper()}" in text
    with translation.override("uk"):
        assert date_format(timezone.localdate(certificate.revoked_at), "DATE_FORMAT") in text
    assert "Олександра Щербак" in text


@pytest.mark.pdf
def test_logo_and_signatures_from_the_settings_are_embedded(tree):
    settings = CertificateSettings.load()
    settings.logo = wagtail_image("blue")
    settings.issuer, settings.issuer_en = "ГО «Громада»", "NGO Hromada"
    settings.signatory_1_name, settings.signatory_1_role = "Ірина Коваленко", "Голова правління"
    settings.signatory_1_role_en, settings.signatory_1_signature = "Chair of the Board", wagtail_image("black")
    settings.signatory_2_name, settings.signatory_2_role = "Петро Мельник", "Тренер"
    settings.signatory_2_signature = wagtail_image("green", size=(1200, 300))
    settings.save()
    certificate = issued_certificate()

    data = pdf.render_certificate_pdf(certificate, base_url=BASE_URL)

    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert len(page.images) == 4  # logo, two signatures and the QR code
    text = page_text(data)
    for printed in ("ГО «Громада»", "NGO Hromada", "Ірина Коваленко", "Iryna Kovalenko", "Голова правління",
                    "Chair of the Board", "Петро Мельник"):
        assert printed in text


@pytest.mark.pdf
def test_missing_images_are_left_out(tree):
    settings = CertificateSettings.load()
    settings.logo = wagtail_image("blue")
    settings.signatory_1_name, settings.signatory_1_signature = "Ірина Коваленко", wagtail_image("black")
    settings.signatory_2_name, settings.signatory_2_signature = "Петро Мельник", wagtail_image("green")
    settings.save()
    certificate = issued_certificate()
    settings.logo.file.storage.delete(settings.logo.file.name)  # the file is gone from the storage
    Image.objects.filter(pk=settings.signatory_1_signature_id).delete()  # the image is deleted

    data = pdf.render_certificate_pdf(certificate, base_url=BASE_URL)

    assert len(pypdf.PdfReader(io.BytesIO(data)).pages[0].images) == 2  # the second signature and the QR code
    assert "Ірина Коваленко" in page_text(data)


@pytest.mark.pdf
def test_a_long_name_and_title_stay_on_one_page(tree):
    certificate = issued_certificate(full_name="Олександра-Вікторія Щербак-Зінченко-Гриценко")
    certificate.course_title = "Ведення випадку в громаді: " + "базовий курс для фахівців соціальної роботи " * 3
    certificate.course_title_en = "Case management in the community: " + "a basic course for social workers " * 3

    text = page_text(pdf.render_certificate_pdf(certificate, base_url=BASE_URL))  # asserts a single page

    assert certificate.display_code in text


@pytest.mark.pdf
def test_printed_text_is_escaped(tree):
    certificate = issued_certificate(full_name='Олена <img src="file:///etc/passwd"> Бойко')

    text = page_text(pdf.render_certificate_pdf(certificate, base_url=BASE_URL))

    assert 'Олена <img src="file:///etc/passwd"> Бойко' in text


def test_the_fetcher_allows_data_uris_only():
    fetcher = pdf.data_only_fetcher()

    assert fetcher("data:text/plain;base64,0JzQuNGA").read() == "Мир".encode()
    for url in ("file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "https://example.org/logo.png"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(url)


# --- The QR code and the verification link on the page --------------------------------------------

def test_the_qr_code_encodes_the_verification_url_with_error_correction_m(certificate):
    with patch("certificates.qr.qrcode.make", wraps=qrcode.make) as make:
        context = pdf.certificate_context(certificate, base_url=BASE_URL)

    make.assert_called_once()
    assert make.call_args.args == (f"https://lms.example.org/certificates/verify/{certificate.code}/",)
    assert make.call_args.kwargs["error_correction"] == qrcode.constants.ERROR_CORRECT_M
    assert context["verification_url"] == make.call_args.args[0]
    assert context["qr"].startswith("data:image/png;base64,")


@pytest.mark.pdf
def test_the_verification_url_is_printed(certificate):
    text = page_text(pdf.render_certificate_pdf(certificate, base_url=BASE_URL))

    assert f"https://lms.example.org/certificates/verify/{certificate.code}/" in "".join(text.split())


@pytest.mark.pdf
def test_without_a_request_the_configured_site_address_is_used(certificate, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://navchannia.example.org"

    context = pdf.certificate_context(certificate, base_url=settings.WAGTAILADMIN_BASE_URL + "/")
    text = page_text(pdf.render_certificate_pdf(certificate))

    assert context["verification_url"].startswith("https://navchannia.example.org/certificates/verify/")
    assert context["verification_url"] in "".join(text.split())


def test_side_formats_dates_in_each_language(certificate):
    certificate.first_day = certificate.last_day = date(2026, 11, 27)

    uk_side, en_side = pdf._side(certificate, "uk"), pdf._side(certificate, "en")

    assert uk_side.dates == "27 листопада 2026"
    assert en_side.dates == "27 November 2026"
