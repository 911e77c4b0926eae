"""Coordinators and certificates in the admin: the register (list, search, filters, CSV), one certificate's
page with its history, revoking, reissuing with a corrected name, the PDF, and who may do any of it."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.models import Certificate, CertificateRule, CertificateSettings, RevocationReason
from certificates.transliteration import to_latin
from tests.certificates.factories import issued_certificate
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.factories import CoordinatorFactory, ParticipantFactory, TrainerFactory
from tests.helpers import text, uk

INDEX_URL = "/admin/certificates/"
ADMIN_HOME = "/admin/"
LIST_QUERIES = 14  # measured 12 with 1 certificate and with 5 (session choices of the filter, permissions)
INSPECT_QUERIES = 14  # measured 12
FORM_QUERIES = 14  # the revoke and reissue forms: measured 10 and 12


def inspect_url(certificate) -> str:
    return reverse("certificates:inspect", args=[certificate.pk])


def revoke_url(certificate) -> str:
    return reverse("certificates_admin:revoke", args=[certificate.pk])


def reissue_url(certificate) -> str:
    return reverse("certificates_admin:reissue", args=[certificate.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def assert_denied(response) -> None:
    """Wagtail answers a forbidden admin page with a redirect to the dashboard (or a 403)."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == ADMIN_HOME


def assert_sent_to_login(response) -> None:
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory(first_name="Ірина", last_name="Коваль")


@pytest.fixture
def admin(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def certificate(tree):
    return issued_certificate(full_name="Олександра Щербак")


@pytest.fixture
def other(certificate):
    """A second certificate, on another session of the same course, for somebody else."""
    session = TrainingSessionFactory(course=certificate.session.course, title="Ведення випадку — Харків")
    return issued_certificate(enrollment=EnrollmentFactory(session=session), full_name="Юрій Зінченко")


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


# --- The list ------------------------------------------------------------------------------------

def test_list_shows_the_register(admin, certificate):
    response = admin.get(INDEX_URL)
    assert response.status_code == 200
    page = text(response)
    for shown in ("Олександра Щербак", "Oleksandra Shcherbak", certificate.course_title, certificate.display_code,
                  uk("Certificate of completion"), uk("Valid"), inspect_url(certificate)):
        assert shown in page
    # Nothing to add, edit or delete: certificates come from the rules only.
    assert "/admin/certificates/new/" not in page
    assert f"/admin/certificates/edit/{certificate.pk}/" not in page
    assert f"/admin/certificates/delete/{certificate.pk}/" not in page


@pytest.mark.parametrize("count", [1, 5])
def test_list_queries_do_not_grow_with_certificates(admin, tree, count, django_assert_max_num_queries):
    session = TrainingSessionFactory(course=tree.course)
    for _ in range(count):
        issued_certificate(enrollment=EnrollmentFactory(session=session))
    with django_assert_max_num_queries(LIST_QUERIES):
        response = admin.get(INDEX_URL)
    assert response.status_code == 200
    assert text(response).count("Oleksandra Shcherbak") == count


@pytest.mark.parametrize("query", [
    "щербак",  # Cyrillic, typed in lower case
    "ОЛЕКСАНДРА",
    "Щербак Олександра",  # words in any order
    "shcherbak",  # Latin
    "Oleksandra",
])
def test_search_by_name(admin, certificate, other, query):
    response = admin.get(INDEX_URL, {"q": query})
    assert response.status_code == 200
    page = text(response)
    assert certificate.display_code in page
    assert other.display_code not in page


def test_search_by_code_as_typed(admin, certificate, other):
    typed = certificate.display_code.lower().replace("-", " - ")
    for query in (typed, certificate.code, certificate.display_code.split("-")[1].lower()):
        page = text(admin.get(INDEX_URL, {"q": query}))
        assert certificate.display_code in page, query
        assert other.display_code not in page, query


def test_search_by_course_title_finds_both(admin, certificate, other):
    page = text(admin.get(INDEX_URL, {"q": "ведення"}))
    assert certificate.display_code in page
    assert other.display_code in page


def test_search_without_match_says_so(admin, certificate):
    response = admin.get(INDEX_URL, {"q": "Неіснуюче Прізвище"})
    assert response.status_code == 200
    assert certificate.display_code not in text(response)


def test_filters_status_kind_session_and_date(admin, certificate, other, coordinator):
    services.revoke_certificate(certificate=other, by=coordinator, reason=RevocationReason.ISSUED_IN_ERROR)
    page = text(admin.get(INDEX_URL, {"status": "revoked"}))
    assert other.display_code in page and certificate.display_code not in page
    page = text(admin.get(INDEX_URL, {"session": certificate.session_id}))
    assert certificate.display_code in page and other.display_code not in page
    page = text(admin.get(INDEX_URL, {"kind": "attendance"}))
    assert certificate.display_code not in page and other.display_code not in page
    Certificate.objects.filter(pk=other.pk).update(issued_at=timezone.now() - timedelta(days=30))
    today = timezone.localdate().isoformat()
    page = text(admin.get(INDEX_URL, {"issued_at_from": today, "issued_at_to": today}))
    assert certificate.display_code in page and other.display_code not in page


def test_list_is_paginated(admin, tree):
    session = TrainingSessionFactory(course=tree.course)
    for _ in range(51):
        issued_certificate(enrollment=EnrollmentFactory(session=session))
    first, second = admin.get(INDEX_URL), admin.get(INDEX_URL, {"p": 2})
    assert text(first).count("Oleksandra Shcherbak") == 50
    assert text(second).count("Oleksandra Shcherbak") == 1


# --- CSV -----------------------------------------------------------------------------------------

def test_csv_export_lists_what_is_filtered(admin, certificate, other):
    response = admin.get(INDEX_URL, {"export": "csv", "q": "Щербак"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="certificates.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[0] == capfirst(uk("holder's name"))
    assert uk("Verification code") in header
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row[uk("Verification code")] == certificate.display_code
    assert row[capfirst(uk("holder's name in Latin letters"))] == "Oleksandra Shcherbak"
    assert row[uk("Status")] == uk("Valid")
    assert row[uk("Kind")] == uk("Certificate of completion")


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://evil\")", "+380 Ірина", "-1+1", "@SUM(A1)"])
def test_csv_export_defuses_formulas(admin, tree, name):
    issued_certificate(full_name=name)
    header, *rows = csv_rows(admin.get(INDEX_URL, {"export": "csv"}))
    assert rows[0][0] == "'" + name
    assert header[0] == capfirst(uk("holder's name"))


def test_xlsx_export_keeps_formulas_as_text(admin, tree):
    issued_certificate(full_name="=1+1")
    response = admin.get(INDEX_URL, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=1)
    assert (cell.value, cell.data_type) == ("=1+1", "s")  # Wagtail stores it as text, not as a formula


# --- One certificate ----------------------------------------------------------------------------

def test_inspect_shows_every_field_and_the_history(admin, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(INSPECT_QUERIES):
        response = admin.get(inspect_url(certificate))
    assert response.status_code == 200
    page = text(response)
    for shown in (certificate.display_code, "Олександра Щербак", "Oleksandra Shcherbak", certificate.course_title,
                  certificate.course_title_en, certificate.issuer, "Дніпро", uk("Automatically"),
                  uk("Does not expire"), certificate.user.email, uk("Certificate issued"),
                  reverse("certificates_admin:pdf", args=[certificate.pk]), revoke_url(certificate),
                  reissue_url(certificate)):
        assert shown in page
    assert "/admin/certificates/edit/" not in page


def test_inspect_of_unknown_certificate_is_404(admin, db):
    assert admin.get("/admin/certificates/inspect/999999/", follow=True).status_code == 404


def test_inspect_says_when_the_rule_was_deleted(admin, certificate):
    CertificateRule.objects.filter(pk=certificate.rule_id).delete()
    page = text(admin.get(inspect_url(certificate)))
    assert uk("Deleted since") in page
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


def test_add_edit_copy_delete_do_not_exist(admin, certificate, client):
    for url in ("/admin/certificates/new/", f"/admin/certificates/edit/{certificate.pk}/",
                f"/admin/certificates/delete/{certificate.pk}/", f"/admin/certificates/copy/{certificate.pk}/"):
        assert admin.get(url, follow=True).status_code == 404, url
        assert admin.post(url, {"holder_name": "Хтось Інший"}, follow=True).status_code == 404, url
    assert Certificate.objects.get(pk=certificate.pk).holder_name == "Олександра Щербак"


def test_superuser_sees_no_add_or_edit_either(client, certificate):
    client.force_login(CoordinatorFactory(is_superuser=True))
    page = text(client.get(INDEX_URL))
    assert "/admin/certificates/new/" not in page
    assert "/admin/certificates/edit/" not in page


def test_a_code_typed_leads_to_its_certificate(admin, certificate):
    response = admin.get(reverse("certificates_admin:by_code", args=[certificate.display_code.lower()]))
    assert response.status_code == 302
    assert response["Location"] == inspect_url(certificate)
    assert admin.get(reverse("certificates_admin:by_code", args=["ABCDE-FGHJK"]), follow=True).status_code == 404
    assert admin.get(reverse("certificates_admin:by_code", args=["0" * 20]), follow=True).status_code == 404


@pytest.mark.pdf
def test_pdf_downloads_for_the_coordinator(admin, certificate):
    response = admin.get(reverse("certificates_admin:pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert certificate.code in response["Content-Disposition"]


def test_pdf_of_unknown_certificate_is_404(admin, db):
    assert admin.get(reverse("certificates_admin:pdf", args=[999999]), follow=True).status_code == 404


# --- Revoking ------------------------------------------------------------------------------------

def test_revoke_form_offers_reasons_but_reissued(admin, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(FORM_QUERIES):
        response = admin.get(revoke_url(certificate))
    assert response.status_code == 200
    page = text(response)
    assert uk("Issued in error") in page and uk("Misconduct") in page
    assert 'value="reissued"' not in page
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"  # a GET changes nothing


def test_revoke(admin, certificate, coordinator):
    response = admin.post(revoke_url(certificate), {"reason": "misconduct", "note": "Підроблений підпис"},
                          follow=True)
    assert response.redirect_chain[-1][0] == inspect_url(certificate)
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revocation_reason == "misconduct"
    assert certificate.revocation_note == "Підроблений підпис"
    assert certificate.revoked_by == coordinator
    assert any(certificate.display_code in message for message in messages_of(response))
    page = text(response)
    assert uk("Revocation") in page and "Підроблений підпис" in page and uk("Certificate revoked") in page
    assert "Ірина Коваль" in page  # who did it, in the history
    assert revoke_url(certificate) not in page  # nothing left to revoke
    entry = ModelLogEntry.objects.get(object_id=str(certificate.pk), action=services.REVOKED)
    assert entry.user == coordinator


def test_revoke_refuses_reissued_as_a_reason_and_needs_one(admin, certificate):
    for data in ({"reason": "reissued"}, {"reason": ""}):
        response = admin.post(revoke_url(certificate), data)
        assert response.status_code == 200
        assert response.context["form"].errors["reason"]
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


def test_revoking_twice_says_it_is_already_revoked(admin, certificate, coordinator):
    services.revoke_certificate(certificate=certificate, by=coordinator, reason="error")
    response = admin.post(revoke_url(certificate), {"reason": "misconduct"}, follow=True)
    assert uk("This certificate is already revoked.") in messages_of(response)
    assert Certificate.objects.get(pk=certificate.pk).revocation_reason == "error"


def test_revoke_of_unknown_certificate_is_404(admin, db):
    assert admin.post(reverse("certificates_admin:revoke", args=[999999]), {"reason": "error"},
                      follow=True).status_code == 404


# --- Reissuing -----------------------------------------------------------------------------------

def test_reissue_form_is_prefilled(admin, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(FORM_QUERIES):
        response = admin.get(reissue_url(certificate))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["holder_name"] == "Олександра Щербак"
    assert form.initial["holder_name_latin"] == "Oleksandra Shcherbak"


def test_reissue_with_a_corrected_name(admin, certificate, coordinator):
    response = admin.post(reissue_url(certificate), {
        "holder_name": "  Олександра   Щербакова ", "holder_name_latin": "Oleksandra Shcherbak",
        "suggested_latin": "Oleksandra Shcherbak"}, follow=True)
    old = Certificate.objects.get(pk=certificate.pk)
    new = old.replaced_by
    assert response.redirect_chain[-1][0] == inspect_url(new)
    assert new.code != old.code and new.status == "valid"
    assert new.holder_name == "Олександра Щербакова"
    assert new.holder_name_latin == to_latin("Олександра Щербакова") == "Oleksandra Shcherbakova"
    assert (old.status, old.revocation_reason, old.revoked_by) == ("revoked", RevocationReason.REISSUED, coordinator)
    assert new.course_title == old.course_title and new.issued_by == coordinator
    assert any(new.display_code in message and old.display_code in message for message in messages_of(response))
    page = text(response)
    assert old.display_code in page  # the chain: the new one replaces the old
    assert uk("Certificate reissued with a corrected name") in page
    assert "Олександра Щербак" in text(admin.get(inspect_url(old)))
    assert new.display_code in text(admin.get(inspect_url(old)))


def test_reissue_keeps_a_latin_spelling_typed_by_hand(admin, certificate):
    response = admin.post(reissue_url(certificate), {
        "holder_name": "Олександра Щербак", "holder_name_latin": "Alexandra Shcherbak",
        "suggested_latin": "Oleksandra Shcherbak"})
    new = Certificate.objects.get(replaces=certificate)
    assert response.status_code == 302 and response["Location"] == inspect_url(new)
    assert new.holder_name_latin == "Alexandra Shcherbak"


def test_reissue_needs_a_name(admin, certificate):
    response = admin.post(reissue_url(certificate), {"holder_name": "   ", "holder_name_latin": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["holder_name"]
    assert not Certificate.objects.filter(replaces=certificate).exists()


def test_a_revoked_certificate_cannot_be_reissued(admin, certificate, coordinator):
    services.revoke_certificate(certificate=certificate, by=coordinator, reason="error")
    response = admin.post(reissue_url(certificate), {"holder_name": "Олександра Щербакова"}, follow=True)
    assert uk("Only a valid certificate can be reissued.") in messages_of(response)
    assert not Certificate.objects.filter(replaces=certificate).exists()


# --- Who may ------------------------------------------------------------------------------------

def pages(certificate) -> list[str]:
    return [INDEX_URL, inspect_url(certificate), revoke_url(certificate), reissue_url(certificate),
            reverse("certificates_admin:pdf", args=[certificate.pk]),
            reverse("certificates_admin:by_code", args=[certificate.code])]


def test_trainers_are_kept_out(client, certificate):
    client.force_login(TrainerFactory())
    for url in pages(certificate):
        assert_denied(client.get(url))
    assert_denied(client.post(revoke_url(certificate), {"reason": "error"}))
    assert_denied(client.post(reissue_url(certificate), {"holder_name": "Хтось"}))
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


def test_participants_even_the_holder_are_kept_out(client, certificate):
    client.force_login(certificate.user)
    for url in pages(certificate):
        assert_sent_to_login(client.get(url))
    assert_sent_to_login(client.post(revoke_url(certificate), {"reason": "error"}))
    client.force_login(ParticipantFactory())
    assert_sent_to_login(client.get(inspect_url(certificate)))
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


def test_anonymous_is_sent_to_log_in(client, certificate):
    for url in pages(certificate):
        assert_sent_to_login(client.get(url))
    assert_sent_to_login(client.post(reissue_url(certificate), {"holder_name": "Хтось"}))
    assert not Certificate.objects.filter(replaces=certificate).exists()


def test_viewing_alone_does_not_allow_revoking(client, certificate):
    viewer = TrainerFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_certificate"))
    client.force_login(viewer)
    page = text(client.get(inspect_url(certificate)))
    assert certificate.display_code in page
    assert revoke_url(certificate) not in page
    assert_denied(client.post(revoke_url(certificate), {"reason": "error"}))
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


# --- Settings ------------------------------------------------------------------------------------

def test_coordinators_edit_the_certificate_settings(admin, db):
    url = reverse("wagtailsettings:edit", args=["certificates", "certificatesettings"])
    response = admin.get(url, follow=True)
    assert response.status_code == 200
    page = text(response)
    assert uk("First signatory") in page and uk("Issuing organisation") in page
    assert "image-chooser" in page or "data-chooser-url" in page  # images through Wagtail's chooser
    edit_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    response = admin.post(edit_url, {"issuer": "ГО «Громада»", "issuer_en": "NGO Hromada",
                                     "signatory_1_name": "Ірина Коваль", "signatory_1_role": "Голова"})
    assert response.status_code == 302
    settings = CertificateSettings.load()
    assert (settings.issuer, settings.signatory_1_name) == ("ГО «Громада»", "Ірина Коваль")
