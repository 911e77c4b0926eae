"""Who reaches the trainer's pages (enrollments/attendance/views.py): the session's trainers and coordinators."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from enrollments.models import Attendance, Enrollment, EnrollmentSource, SessionDay
from tests.enrollments.attendance.trainer_pages import NAMES, marks, url
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.enrollments.paths import LOGIN_URL
from tests.factories import CoordinatorFactory, TrainerFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db


# --- Permissions ---------------------------------------------------------------------------------

MANAGER, OTHER = "manager", "other"
# (method, URL name, status for those who manage the session); POST bodies are empty.
ENDPOINTS = [
    ("get", "roster", 200), ("post", "roster", 302),
    ("get", "roster_count", 200), ("post", "roster_count", 405),
    ("get", "roster_walk_in", 405), ("post", "roster_walk_in", 400),
    ("get", "checkin_qr", 200), ("post", "checkin_qr", 405),
    ("get", "checkin_qr_present", 200), ("post", "checkin_qr_present", 405),
    ("get", "checkin_qr_code", 200), ("post", "checkin_qr_code", 405),
    ("get", "sign_in_sheet", 200), ("post", "sign_in_sheet", 405),
    ("get", "paper_entry", 200), ("post", "paper_entry", 302),
    ("get", "attendance_history", 200), ("post", "attendance_history", 405),
]
ROLES = ["session_trainer", "other_trainer", "coordinator", "participant", "anonymous"]


def _login_as(client, role: str, session) -> None:
    users = {
        "session_trainer": lambda: session.trainers.get(),
        "other_trainer": lambda: TrainingSessionFactory(trainers=[TrainerFactory()], days=1).trainers.get(),
        "coordinator": CoordinatorFactory,
        "participant": lambda: EnrollmentFactory(session=session).user,  # even with a place
    }
    if role in users:
        client.force_login(users[role]())


def _expected(role: str, method: str, name: str, manager_status: int) -> int:
    if role == "anonymous":
        return 302
    if manager_status == 405:
        return 405  # the same for every id, so it tells nothing about which ids exist
    if role == "coordinator" or (role == "session_trainer" and name != "attendance_history"):
        return manager_status
    return 404


@pytest.mark.parametrize("role", ROLES)
def test_only_the_sessions_trainers_and_coordinators_reach_the_roster(client, taught_session, day, people, role):
    _login_as(client, role, taught_session)

    for method, name, manager_status in ENDPOINTS:
        response = getattr(client, method)(url(name, taught_session if name == "attendance_history" else day))

        expected = _expected(role, method, name, manager_status)
        assert response.status_code == expected, (method, name)
        body = text(response)
        if role == "anonymous":
            assert response["Location"].startswith(f"{LOGIN_URL}?next=/uk/learning/trainer/")
        if expected in (404, 405):
            assert taught_session.title not in body, (method, name)
            assert NAMES[0] not in body, (method, name)
        if expected == 200 and name not in ("roster_count", "checkin_qr_code"):  # data for the pages to fetch
            assert taught_session.title in body, (method, name)
    assert not Attendance.objects.exists()
    assert not Enrollment.objects.filter(source=EnrollmentSource.WALK_IN).exists()


@pytest.mark.parametrize("role", ["session_trainer", "other_trainer", "participant"])
def test_another_trainer_cannot_post_marks_or_walk_ins(client, taught_session, day, people, role):
    _login_as(client, role, taught_session)

    marked = client.post(url("roster", day), marks({people[0]: "absent"}))
    paper = client.post(url("paper_entry", day), marks({people[0]: "absent"}))
    walk_in = client.post(url("roster_walk_in", day), {"email": "new@example.org", "full_name": "Нова Особа"})

    if role == "session_trainer":
        assert (marked.status_code, paper.status_code, walk_in.status_code) == (302, 302, 302)
        assert Attendance.objects.get(enrollment=people[0]).status == "absent"
        assert get_user_model().objects.filter(email="new@example.org").exists()
    else:
        assert (marked.status_code, paper.status_code, walk_in.status_code) == (404, 404, 404)
        assert taught_session.title not in text(marked)
        assert not Attendance.objects.exists()
        assert not get_user_model().objects.filter(email="new@example.org").exists()


def test_days_of_other_sessions_and_unknown_day_ids_are_not_found(trainer_client, day):
    other = TrainingSessionFactory(trainers=[TrainerFactory()], title="Чужа сесія")
    guesses = [d.pk for d in other.days.all()] + [SessionDay.objects.order_by("pk").last().pk + 1, 999_999]

    for day_id in guesses:
        for name in ("roster", "roster_count", "checkin_qr", "sign_in_sheet", "paper_entry"):
            response = trainer_client.get(reverse(name, kwargs={"day_id": day_id}))
            assert response.status_code == 404, (name, day_id)
            assert "Чужа сесія" not in text(response)
        posted = trainer_client.post(reverse("roster", kwargs={"day_id": day_id}))
        assert posted.status_code == 404


def test_guessed_session_ids_for_the_history_are_not_found(client):
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("attendance_history", kwargs={"session_id": 987_654}))

    assert response.status_code == 404
    assert uk("Change history of the attendance marks") not in text(response)
