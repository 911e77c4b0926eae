"""Certificates of a person whose data is erased (certificates.services.erase_holder, on `person_erased`): still
verifiable by code, naming nobody, in the admin's history too; printed without the name; kept named when the
holder asked."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.models import ERASED_HOLDER_NAME, ERASED_HOLDER_NAME_LATIN, Certificate
from certificates.pdf import TEMPLATE, certificate_context
from enrollments.privacy import erasure, erasure_selectors
from tests.certificates.factories import issued_certificate

NAME = "Оксана Кравчишин"


@pytest.fixture
def reissued(tree, coordinator):
    """A certificate issued under one name and reissued under a corrected one: two certificates, two names."""
    first = issued_certificate(full_name="Оксана Кравчишина")
    return services.reissue_certificate(certificate=first, by=coordinator, holder_name=NAME)


def erase(user, coordinator, *, keep_certificates=False):
    request = erasure.request_erasure(user=user, keep_certificates=keep_certificates)
    return erasure.execute_erasure(erasure_request=request, by=coordinator)


def test_every_certificate_of_theirs_names_nobody_and_stays_valid(reissued, coordinator):
    erase(reissued.user, coordinator)

    certificates = Certificate.objects.filter(user=reissued.user).order_by("pk")
    assert [(c.holder_name, c.holder_name_latin, c.status) for c in certificates] == [
        (ERASED_HOLDER_NAME, ERASED_HOLDER_NAME_LATIN, "revoked"), (ERASED_HOLDER_NAME, ERASED_HOLDER_NAME_LATIN,
                                                                    "valid")]
    history = ModelLogEntry.objects.filter(content_type__model="certificate")
    assert history.count() == 3  # issued, revoked, reissued: kept
    assert not any("Кравчишин" in entry.label or "Кравчишин" in str(entry.data) for entry in history)


def test_the_printed_certificate_carries_the_wording_not_the_name(reissued, coordinator):
    erase(reissued.user, coordinator)

    certificate = Certificate.objects.get(pk=reissued.pk)
    html = render_to_string(TEMPLATE, certificate_context(certificate, base_url="https://example.org/"))
    assert ERASED_HOLDER_NAME in html and ERASED_HOLDER_NAME_LATIN in html and "Кравчишин" not in html


def test_the_verification_page_says_the_data_was_erased(reissued, coordinator, django_assert_max_num_queries):
    erase(reissued.user, coordinator)

    with django_assert_max_num_queries(8):
        response = Client().get(reverse("verify_certificate", args=[reissued.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Видано особі, чиї дані видалено" in page and "Кравчишин" not in page and ERASED_HOLDER_NAME not in page


def test_a_holder_who_asked_keeps_the_name_on_the_certificate_only(reissued, coordinator):
    erase(reissued.user, coordinator, keep_certificates=True)

    assert Certificate.objects.get(pk=reissued.pk).holder_name == NAME
    response = Client().get(reverse("verify_certificate", args=[reissued.code]))
    assert response.status_code == 200 and NAME in response.content.decode()
    assert "Видано особі, чиї дані видалено" not in response.content.decode()
    history = ModelLogEntry.objects.filter(content_type__model="certificate")
    assert not any(NAME in entry.label or NAME in str(entry.data) for entry in history)


def test_the_review_counts_the_certificates(reissued):
    rows = erasure_selectors.erasure_preview(user=reissued.user, keep_certificates=False)
    assert ("Сертифікати, на яких буде зазначено «видано особі, чиї дані видалено» (і далі перевірні)", 2) in [
        (row.what, row.count) for row in rows]
