"""The certificate register in the admin (certificates/viewsets.py, `CertificateViewSet`): the list, search,
filters and CSV or Excel export, and one certificate's page with its history; nothing to add, edit or delete."""

import csv
import io
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst

from certificates import services
from certificates.models import Certificate, CertificateRule, RevocationReason
from tests.certificates.admin_pages import INDEX_URL, inspect_url, reissue_url, revoke_url
from tests.certificates.factories import issued_certificate
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.factories import CoordinatorFactory
from tests.helpers import text, uk

LIST_QUERIES = 14  # measured 12 with 1 certificate and with 5 (session choices of the filter, permissions)
INSPECT_QUERIES = 14  # measured 12


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


# --- Times are Kyiv time, as on the pages ------------------------------------------------------

LATE_EVENING_UTC = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)  # 00:30 on 2 July in Kyiv (summer time)


@pytest.fixture
def issued_late(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=LATE_EVENING_UTC)
    return certificate


def test_xlsx_export_shows_the_issue_time_in_kyiv_time(admin, issued_late):
    response = admin.get(INDEX_URL, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = [list(line) for line in sheet.iter_rows(min_row=1, max_row=2, values_only=True)]
    values = dict(zip(header, row, strict=True))
    heading = uk("%(heading)s (Kyiv time)", heading=capfirst(uk("issued at")))
    assert values[heading] == datetime(2026, 7, 2, 0, 30)


def test_csv_export_shows_the_issue_time_in_kyiv_time(admin, issued_late):
    header, row = csv_rows(admin.get(INDEX_URL, {"export": "csv"}))
    values = dict(zip(header, row, strict=True))
    assert values[uk("%(heading)s (Kyiv time)", heading=capfirst(uk("issued at")))] == "2026-07-02 00:30"


def test_inspect_shows_the_issue_time_in_kyiv_time(admin, issued_late):
    response = admin.get(inspect_url(issued_late))
    assert response.status_code == 200
    page = text(response)
    with translation.override("uk"):
        shown = date_format(datetime(2026, 7, 2, 0, 30), "DATETIME_FORMAT")
    assert shown in page
    with translation.override("uk"):
        assert date_format(datetime(2026, 7, 1, 21, 30), "DATETIME_FORMAT") not in page
