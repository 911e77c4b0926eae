"""The applications admin writes the access log: who opened whose application, who exported which applicants."""

import csv
import io

import pytest
from django.urls import reverse

from enrollments.calls import decisions
from enrollments.privacy.models import AccessRecord
from tests.content.factories import add_call
from tests.enrollments.access_records import labels, logged
from tests.enrollments.calls.reviewing import apply
from tests.enrollments.factories import TrainingSessionFactory
from tests.factories import ReviewerFactory
from tests.helpers import text

pytestmark = pytest.mark.shared_tree  # every test here reads the same pages

LIST_URL = "/admin/calls/applications/"
LIST_QUERIES = 17  # tests/enrollments/calls/test_admin_views_applications.py
DETAIL_QUERIES = 19
EXPORT_QUERIES = 13  # tests/enrollments/calls/test_export.py: the applicants' ids and the log's INSERT included


@pytest.fixture
def call(tree):
    return add_call(tree.home, title="Вчителі для команди", sessions=[TrainingSessionFactory(title="Школа")])


def _detail(application) -> str:
    return reverse("calls_admin:application", args=[application.call_id, application.pk])


def _export(call, what: str, file_format: str = "csv") -> str:
    return reverse(f"calls_admin:export_{what}", args=[call.call_id, file_format])


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff"))))


def test_opening_an_application_logs_the_applicant_once_per_window(client, call, django_assert_max_num_queries):
    application = apply(call, name="Марія Бондар")
    reviewer = ReviewerFactory()
    client.force_login(reviewer)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(_detail(application))
    assert response.status_code == 200 and "Марія Бондар" in text(response)
    assert client.get(_detail(application)).status_code == 200

    assert logged() == [(application.applicant_id, reviewer.pk, "view", "application")]
    # The call and the number, never the applicant's name: erasure looks for names in every table.
    assert labels() == {f"Вчителі для команди · #{application.pk}"}
    assert AccessRecord.objects.get().path == _detail(application)


def test_a_refused_page_logs_nothing(client, tree, call):
    application = apply(call)
    client.force_login(ReviewerFactory())
    other = add_call(tree.home, slug="other-call")
    response = client.get(reverse("calls_admin:application", args=[other.call_id, application.pk]), follow=True)
    assert response.status_code == 404
    assert not AccessRecord.objects.exists()


def test_exporting_applications_logs_every_applicant_each_time(admin, coordinator, call,
                                                               django_assert_max_num_queries):
    first, second = apply(call, name="Марія Бондар"), apply(call, name="Олег Бондар")
    apply(call, name="Чернетка", submitted_at=None, status="draft")

    with django_assert_max_num_queries(EXPORT_QUERIES):
        response = admin.get(_export(call, "applications"))
    assert response.status_code == 200 and len(_csv(response)) == 3
    assert admin.get(_export(call, "applications", "xlsx")).status_code == 200

    expected = sorted((person.applicant_id, coordinator.pk, "export", "applications_export")
                      for person in (first, second))
    assert logged() == sorted(expected * 2)  # every export is a copy that left: never skipped as a repeat
    assert labels() == {"Вчителі для команди"}


def test_exporting_the_team_logs_only_those_on_it(admin, coordinator, call):
    accepted = apply(call, name="Марія Бондар")
    apply(call, name="Не прийнята")
    decisions.move_application(application=accepted, move="accept", by=coordinator)

    response = admin.get(_export(call, "team"))

    assert response.status_code == 200 and _csv(response)[1][0] == "Марія Бондар"
    assert logged() == [(accepted.applicant_id, coordinator.pk, "export", "team_export")]


def test_the_applications_list_logs_the_applicants_on_the_page(client, call, django_assert_max_num_queries):
    listed = [apply(call, name="Марія Бондар"), apply(call, name="Олег Бондар")]
    reviewer = ReviewerFactory()
    client.force_login(reviewer)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL, {"call": call.call_id})
    assert response.status_code == 200 and "Олег Бондар" in text(response)
    client.get(LIST_URL, {"call": call.call_id})

    assert logged() == sorted((application.applicant_id, reviewer.pk, "view", "applications_list")
                              for application in listed)
    assert labels() == {"Вчителі для команди"}
