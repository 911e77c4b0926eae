"""The trainer's pages keep a flat query budget however many people and marks a session has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enrollments.models import AttendanceChange
from tests.enrollments.attendance.trainer_pages import url
from tests.enrollments.factories import AttendanceFactory, EnrollmentFactory, ProfileFactory, TrainingSessionFactory
from tests.factories import CoordinatorFactory, ParticipantFactory, TrainerFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

# Budgets measured with 5 and with 40 people × 3 days (a warm request; 7 of them are the layout's).
ROSTER_QUERIES = 14  # 13 measured
PAPER_QUERIES = 14  # 13 measured
SHEET_QUERIES = 15  # 14 measured
QR_QUERIES = 13  # 12 measured
COUNT_QUERIES = 6  # 5 measured
SESSIONS_QUERIES = 13  # 12 measured
HISTORY_QUERIES = 12  # 11 measured


# --- Query budgets -----------------------------------------------------------------------------

def _fill(session, count: int, start: int) -> None:
    """`count` more people with a place and a mark (and its history) on every day of the session."""
    days = list(session.days.all())
    marker = session.trainers.first()
    for number in range(start, start + count):
        user = ProfileFactory(full_name=f"Учасниця {number:03d}", organisation=f"Громада {number}",
                              user=ParticipantFactory()).user
        enrollment = EnrollmentFactory(session=session, user=user)
        for session_day in days:
            attendance = AttendanceFactory(enrollment=enrollment, day=session_day, marked_by=marker,
                                           status=("present", "late", "absent")[number % 3])
            AttendanceChange.objects.create(attendance=attendance, new_status=attendance.status, method="roster",
                                            changed_by=marker, changed_at=attendance.marked_at)


def _queries(client, target: str) -> int:
    """Queries of a request after a first one has filled the per-site caches (Wagtail site, settings)."""
    client.get(target)
    with CaptureQueriesContext(connection) as context:
        response = client.get(target)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(("name", "budget"), [
    ("roster", ROSTER_QUERIES), ("sign_in_sheet", SHEET_QUERIES), ("paper_entry", PAPER_QUERIES),
    ("roster_count", COUNT_QUERIES), ("checkin_qr", QR_QUERIES),
])
def test_day_pages_stay_within_a_flat_query_budget(trainer_client, taught_session, day, name, budget,
                                                   django_assert_max_num_queries):
    taught_session.trainers.add(TrainerFactory(), TrainerFactory())
    _fill(taught_session, 5, start=0)
    small = _queries(trainer_client, url(name, day))
    _fill(taught_session, 35, start=5)

    with django_assert_max_num_queries(budget):
        response = trainer_client.get(url(name, day))

    assert response.status_code == 200
    assert "Учасниця 039" in text(response) or name in ("roster_count", "checkin_qr")
    assert _queries(trainer_client, url(name, day)) == small


def test_my_sessions_and_history_stay_within_a_flat_query_budget(client, taught_session, day,
                                                                 django_assert_max_num_queries):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    _fill(taught_session, 5, start=0)
    small = (_queries(client, reverse("trainer_sessions")), _queries(client, url("attendance_history", taught_session)))
    _fill(taught_session, 35, start=5)
    for _ in range(5):
        TrainingSessionFactory(trainers=[TrainerFactory()])

    with django_assert_max_num_queries(SESSIONS_QUERIES):
        assert client.get(reverse("trainer_sessions")).status_code == 200
    with django_assert_max_num_queries(HISTORY_QUERIES):
        response = client.get(url("attendance_history", taught_session))

    assert "Учасниця 039" in text(response)
    assert (_queries(client, reverse("trainer_sessions")),
            _queries(client, url("attendance_history", taught_session))) == small
