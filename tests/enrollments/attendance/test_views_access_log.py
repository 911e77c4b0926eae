"""The trainer's day pages write the access log: who saw whose roster, sign-in sheet and history, once a window."""

import pytest
from django.test.utils import override_settings

from enrollments.privacy.models import AccessRecord
from tests.enrollments.access_records import labels, logged
from tests.enrollments.attendance.trainer_pages import NAMES, url
from tests.enrollments.factories import AttendanceFactory, EnrollmentFactory, ProfileFactory
from tests.factories import CoordinatorFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

ROSTER_QUERIES = 11  # tests/enrollments/attendance/test_roster_queries.py: the roster stays under 12 (issue 17)


def _expected(people, viewer, what: str) -> list[tuple[int, int, str, str]]:
    return sorted((enrollment.user_id, viewer.pk, "view", what) for enrollment in people)


@pytest.mark.parametrize(("page", "what"), [("roster", "roster"), ("paper_entry", "paper_entry"),
                                            ("sign_in_sheet", "sign_in_sheet")])
def test_a_day_page_logs_everyone_listed_once_per_window(trainer_client, trainer, day, people, page, what):
    response = trainer_client.get(url(page, day))

    assert response.status_code == 200 and NAMES[0] in text(response)
    assert logged() == _expected(people, trainer, what)
    # The label names the session and the day, never a person: erasure looks for names in every table.
    assert labels() == {f"Ведення випадку, Дніпро · {day.date.isoformat()}"}
    assert AccessRecord.objects.filter(path=url(page, day)).count() == 3

    assert trainer_client.get(url(page, day)).status_code == 200
    assert logged() == _expected(people, trainer, what)


def test_a_reload_costs_no_query_for_the_log_and_the_first_view_one(trainer_client, day, people,
                                                                   django_assert_max_num_queries):
    trainer_client.get(url("checkin_qr", day))  # fills the per-site caches (Wagtail site, settings); logs nobody
    with django_assert_max_num_queries(ROSTER_QUERIES):
        response = trainer_client.get(url("roster", day))
    assert response.status_code == 200 and NAMES[1] in text(response)
    with django_assert_max_num_queries(ROSTER_QUERIES - 1):
        response = trainer_client.get(url("roster", day))
    assert response.status_code == 200 and AccessRecord.objects.count() == 3


def test_someone_added_to_the_roster_is_logged_at_the_next_view(trainer_client, trainer, taught_session, day,
                                                                people):
    trainer_client.get(url("roster", day))
    newcomer = EnrollmentFactory(session=taught_session, user=ProfileFactory(full_name="Нова Людина").user)

    response = trainer_client.get(url("roster", day))

    assert "Нова Людина" in text(response)
    assert logged(subject=newcomer.user) == [(newcomer.user_id, trainer.pk, "view", "roster")]
    assert AccessRecord.objects.count() == 7  # the three again, as part of the list that changed, and the newcomer


def test_the_window_is_a_setting(trainer_client, day, people):
    with override_settings(ACCESS_LOG_REPEAT_SECONDS=0):  # nothing remembered: every view written
        trainer_client.get(url("roster", day))
        trainer_client.get(url("roster", day))
    assert AccessRecord.objects.count() == 6


def test_a_refused_save_shows_the_names_again_and_is_logged(trainer_client, trainer, future_day, people):
    response = trainer_client.post(url("roster", future_day), {f"status_{people[0].pk}": "present", "save": "1"})

    assert response.status_code == 400 and NAMES[0] in text(response)
    assert logged() == _expected(people, trainer, "roster")


def test_the_live_count_and_the_qr_code_show_nobody_and_log_nothing(trainer_client, day, people):
    assert trainer_client.get(url("roster_count", day)).json()["total"] == 3
    assert trainer_client.get(url("checkin_qr", day)).status_code == 200
    assert not AccessRecord.objects.exists()


def test_attendance_history_logs_whose_marks_were_shown(client, taught_session, day, people):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    marked = AttendanceFactory(enrollment=people[0], day=day, status="present")
    marked.changes.create(new_status="present", method="roster", changed_by=coordinator, changed_at=marked.marked_at)

    response = client.get(url("attendance_history", taught_session))

    assert response.status_code == 200 and NAMES[0] in text(response)
    assert logged() == [(people[0].user_id, coordinator.pk, "view", "attendance_history")]
    assert labels() == {"Ведення випадку, Дніпро"}

