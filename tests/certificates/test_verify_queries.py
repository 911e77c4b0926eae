"""Public verification stays cheap: the same few queries with one certificate issued as with ten times more, and a
request refused by the rate limit reads nothing from the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.certificates.factories import issued_certificate
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

VERIFY_QUERIES = 6  # the certificate (with what replaced it), then the layout's site, locale and settings reads


def _url(code: str) -> str:
    return f"/uk/certificates/verify/{code}/"


def _issue(count: int) -> list:
    session = TrainingSessionFactory()
    return [issued_certificate(enrollment=EnrollmentFactory(session=session), full_name=f"Учасниця {n}")
            for n in range(count)]


def _queries(client, code: str) -> int:
    client.get(_url(code))  # a first request fills the per-site caches (Wagtail site, settings)
    with CaptureQueriesContext(connection) as context:
        response = client.get(_url(code))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_verification_stays_within_a_flat_query_budget(client, tree, django_assert_max_num_queries):
    [first] = _issue(1)
    small = _queries(client, first.code)
    certificates = _issue(10)

    with django_assert_max_num_queries(VERIFY_QUERIES):
        response = client.get(_url(certificates[-1].code))

    assert certificates[-1].holder_name in text(response)
    assert _queries(client, certificates[-1].code) == small


def test_a_refused_request_reads_nothing(client, tree, settings, django_assert_num_queries):
    settings.VERIFY_RATE_LIMIT = "1/h"  # an hour's window: a minute boundary cannot split the test
    [certificate] = _issue(1)
    assert client.get(_url(certificate.code)).status_code == 200

    with django_assert_num_queries(0):
        response = client.get(_url(certificate.code))

    assert response.status_code == 429
    html = text(response)
    assert '<html lang="uk">' in response.content.decode()
    assert uk("Too many requests") in html
    assert certificate.holder_name not in html
