"""The access log in the admin: what coordinators' own pages write (a session's roster, a person's account), and the
read-only list where coordinators read who looked at whom (enrollments/privacy/access_admin_views.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollments.privacy.access import AccessWhat, record_access
from enrollments.privacy.models import AccessKind, AccessRecord
from tests.enrollments.access_records import labels, logged
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import assert_denied, text, uk

pytestmark = pytest.mark.django_db

LOG_URL = "/admin/privacy/access-log/"
LOG_QUERIES = 16  # the admin's own (user, permissions, menu) and the page's count and rows: flat however many


def _person(name: str, email: str):
    return ProfileFactory(full_name=name, user=ParticipantFactory(email=email)).user


# --- What the coordinators' own pages write -------------------------------------------------------------------

def test_the_session_roster_in_the_admin_logs_everyone_on_it(admin, coordinator, admin_session):
    places = [EnrollmentFactory(session=admin_session, status=status) for status in ("enrolled", "waitlisted")]

    response = admin.get(reverse("enrollments_admin:session_roster", args=[admin_session.pk]))
    admin.get(reverse("enrollments_admin:session_roster", args=[admin_session.pk]))

    assert response.status_code == 200 and places[1].user.email in text(response)
    assert logged() == sorted((place.user_id, coordinator.pk, "view", "session_roster") for place in places)
    assert labels() == {admin_session.title}


def test_opening_a_persons_account_logs_their_profile_as_seen(admin, coordinator):
    person = _person("Олена Коваленко", "olena@example.org")

    response = admin.get(reverse("wagtailusers_users:edit", args=[person.pk]))

    assert response.status_code == 200 and "olena@example.org" in text(response)
    assert logged() == [(person.pk, coordinator.pk, "view", "profile")]
    assert labels() == {uk("profile")}  # never the person's name
    assert admin.get(reverse("wagtailusers_users:edit", args=[coordinator.pk])).status_code == 200
    assert AccessRecord.objects.count() == 1  # their own account: nothing


# --- Reading the log -----------------------------------------------------------------------------------------------

@pytest.fixture
def history(coordinator):
    """A trainer looked at Olena's roster yesterday; a coordinator exported Olena and Petro today."""
    olena, petro = _person("Олена Коваленко", "olena@example.org"), _person("Петро Іваненко", "petro@example.org")
    trainer = TrainerFactory(first_name="Тарас", last_name="Тренер")
    record_access(viewer=trainer, subjects=[olena], what=AccessWhat.ROSTER, object_label="Ведення випадку · день 1",
                  path="/uk/learning/trainer/days/1/")
    AccessRecord.objects.update(at=timezone.now() - timedelta(days=1))
    record_access(viewer=coordinator, subjects=[olena, petro], kind=AccessKind.EXPORT,
                  what=AccessWhat.APPLICATIONS_EXPORT, object_label="Вчителі для команди",
                  path="/admin/calls/1/export/applications.csv")
    return olena, petro, trainer


def _rows(response) -> int:
    return text(response).count('<tr class="')


def test_coordinators_read_who_looked_at_whom_newest_first(admin, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(LOG_QUERIES):
        response = admin.get(LOG_URL)

    assert response.status_code == 200
    page = text(response)
    assert "Олена Коваленко <olena@example.org>" in page and "Петро Іваненко" in page
    assert "Тарас Тренер" in page and uk("Day roster") in page and uk("Applications export") in page
    assert uk("Exported") in page and "Вчителі для команди" in page and "/uk/learning/trainer/days/1/" in page
    assert page.index("Вчителі для команди") < page.index("Ведення випадку · день 1")


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ({"person": "petro@example.org"}, ["Петро Іваненко"], ["Ведення випадку · день 1"]),
    ({"person": "PETRO@example.org"}, ["Петро Іваненко"], ["Ведення випадку · день 1"]),
    ({"person": "Коваленко"}, ["Ведення випадку · день 1", "Вчителі для команди"], ["Петро Іваненко"]),
    ({"viewer": "Тренер"}, ["Ведення випадку · день 1"], ["Вчителі для команди"]),
    ({"what": "roster"}, ["Ведення випадку · день 1"], ["Вчителі для команди"]),
    ({"kind": "export"}, ["Вчителі для команди"], ["Ведення випадку · день 1"]),
])
def test_the_log_is_filtered_by_person_viewer_what_and_kind(admin, history, query, shown, hidden):
    response = admin.get(LOG_URL, query)

    assert response.status_code == 200
    page = text(response)
    assert all(words in page for words in shown) and not any(words in page for words in hidden)


def test_the_log_is_filtered_by_date(admin, history):
    today = timezone.localdate().isoformat()
    response = admin.get(LOG_URL, {"at_from": today, "at_to": today})

    assert response.status_code == 200
    assert "Вчителі для команди" in text(response) and "Ведення випадку · день 1" not in text(response)
    results = admin.get(LOG_URL + "results/", {"at_from": today})
    assert results.status_code == 200 and "Ведення випадку · день 1" not in text(results)


def test_a_malformed_filter_is_refused_without_an_error_page(admin, history):
    response = admin.get(LOG_URL, {"what": "no-such-thing", "at_from": "yesterday"})
    assert response.status_code == 200 and "Вчителі для команди" in text(response)


def test_the_log_comes_fifty_to_a_page_in_the_same_queries(admin, coordinator, django_assert_max_num_queries):
    record_access(viewer=coordinator, subjects=[ParticipantFactory() for _ in range(60)], kind=AccessKind.EXPORT,
                  what=AccessWhat.TEAM_EXPORT, object_label="Команда")
    with django_assert_max_num_queries(LOG_QUERIES):
        first = admin.get(LOG_URL)
    second = admin.get(LOG_URL, {"p": 2})

    assert first.status_code == 200 and second.status_code == 200
    assert text(first).count("Команда") == 50 and text(second).count("Команда") == 10


def test_only_holders_of_the_permission_read_the_log(client, history):
    client.force_login(history[2])  # a trainer: the admin, but not the log
    assert_denied(client.get(LOG_URL))
    assert_denied(client.get(LOG_URL + "results/"))
    assert uk("Access log") not in text(client.get("/admin/"))


def test_a_persons_actions_in_users_link_to_who_looked_at_them(admin, history):
    olena = history[0]
    page = text(admin.get(reverse("wagtailusers_users:index")))
    assert f"{LOG_URL}?person=olena%40example.org" in page
    assert f'"{LOG_URL}"' in text(admin.get("/admin/"))  # Reports → Access log, in the sidebar's data

    response = admin.get(f"{LOG_URL}?person={olena.email}")
    assert "Ведення випадку · день 1" in text(response) and "Петро Іваненко" not in text(response)
