"""Self check-in by QR: the participant's page, on time and late, and every refusal changing nothing."""

import time
from datetime import datetime, timedelta
from datetime import time as clock
from unittest.mock import patch
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollments.attendance import checkin
from enrollments.models import Attendance, AttendanceChange, AttendanceMethod, EnrollmentStatus
from tests.enrollments.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    ProfileFactory,
    SessionDayFactory,
    TrainingSessionFactory,
)
from tests.enrollments.paths import LOGIN_URL
from tests.factories import PASSWORD, ParticipantFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
EXPIRED = "This code has expired. Scan the code on the trainer's screen again."
INVALID = "This check-in link is not valid. Scan the code on the trainer's screen again."
NOT_TODAY = "Check-in for this day is open only on the day itself."
NOT_ENROLLED = "You do not have a place on this session, so you cannot check in. Please speak to the trainer."
ALREADY = "You are already checked in for this day."


def at(hour: int, minute: int) -> datetime:
    """Today at this Kyiv time."""
    return datetime.combine(timezone.localdate(), clock(hour, minute), tzinfo=KYIV)


@pytest.fixture
def session():
    """Three days from today, each 09:30–17:00; late 15 minutes after the start."""
    return TrainingSessionFactory(title="Ведення випадку, Дніпро", venue="Центр «Дніпро»", late_after_minutes=15)


@pytest.fixture
def day(session):
    return session.days.get(date=timezone.localdate())


@pytest.fixture
def enrollment(session, participant):
    ProfileFactory(user=participant, full_name="Ірина Бойко")
    return EnrollmentFactory(session=session, user=participant)


def check_in_url(day, *, token: str | None = None) -> str:
    return reverse("check_in", kwargs={"token": token or checkin.make_token(day_id=day.pk)})


def old_token(day, *, seconds_ago: int) -> str:
    with patch("time.time", return_value=time.time() - seconds_ago):
        return checkin.make_token(day_id=day.pk)


def test_get_asks_to_confirm_and_changes_nothing(learner, day, enrollment):
    url = check_in_url(day)

    response = learner.get(url)

    assert response.status_code == 200
    html = text(response)
    assert "Ведення випадку, Дніпро" in html
    assert uk("Day %(number)s", number=1) in html
    assert "09:30–17:00" in html and "Центр «Дніпро»" in html
    assert f'<form method="post" action="{url}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert html.count(f">{uk('Check in')}</button>") == 1
    assert not Attendance.objects.exists()


def test_checking_in_on_time_marks_present(learner, participant, day, enrollment):
    with patch("django.utils.timezone.now", return_value=at(9, 44)):
        response = learner.post(check_in_url(day))

    assert response.status_code == 200
    html = text(response)
    assert uk("You are marked present for day %(number)s.", number=1) in html
    assert "Ведення випадку, Дніпро" in html
    attendance = Attendance.objects.get()
    assert (attendance.enrollment, attendance.day, attendance.status) == (enrollment, day, "present")
    assert (attendance.method, attendance.marked_by) == (AttendanceMethod.SELF_CHECK_IN, participant)
    change = AttendanceChange.objects.get()
    assert (change.old_status, change.new_status, change.changed_by) == ("", "present", participant)


def test_checking_in_after_late_after_minutes_marks_late(learner, day, enrollment):
    with patch("django.utils.timezone.now", return_value=at(9, 46)):
        response = learner.post(check_in_url(day))

    assert response.status_code == 200
    assert uk("You are marked late for day %(number)s.", number=1) in text(response)
    assert Attendance.objects.get().status == "late"


def test_late_after_minutes_is_the_sessions_own_setting(learner, session, day, enrollment):
    session.late_after_minutes = 60
    session.save()

    with patch("django.utils.timezone.now", return_value=at(10, 15)):
        response = learner.post(check_in_url(day))

    assert response.status_code == 200
    assert Attendance.objects.get().status == "present"


def test_a_checked_in_participant_appears_on_the_trainers_count(client, learner, session, day, enrollment):
    learner.post(check_in_url(day))
    trainer = session.trainers.create(username="trainer-x", email="trainer-x@example.org")
    client.force_login(trainer)

    response = client.get(reverse("roster_count", kwargs={"day_id": day.pk}))

    assert response.json()["checked_in"] == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_code_is_refused_and_changes_nothing(learner, day, enrollment, method):
    url = check_in_url(day, token=old_token(day, seconds_ago=int(checkin.TOKEN_MAX_AGE.total_seconds()) + 5))

    response = getattr(learner, method)(url)

    assert response.status_code == 400
    html = text(response)
    assert uk(EXPIRED) in html
    assert f">{uk('Check in')}</button>" not in html
    assert not Attendance.objects.exists()


def test_a_code_a_little_old_still_works(learner, day, enrollment):
    url = check_in_url(day, token=old_token(day, seconds_ago=int(checkin.TOKEN_MAX_AGE.total_seconds()) - 30))

    response = learner.post(url)

    assert response.status_code == 200
    assert Attendance.objects.get().status in ("present", "late")


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("token", ["nonsense", "1:1tXyZa:forged-signature", "%3Cscript%3E"])
def test_a_forged_code_is_refused_and_changes_nothing(learner, day, enrollment, method, token):
    response = getattr(learner, method)(f"/uk/learning/trainer/check-in/{token}/")

    assert response.status_code == 400
    html = text(response)
    assert uk(INVALID) in html
    assert f">{uk('Check in')}</button>" not in html
    assert "<script>" not in html
    assert not Attendance.objects.exists()


def test_a_code_for_a_day_that_is_gone_is_invalid(learner, session, enrollment):
    extra = SessionDayFactory(session=session, date=timezone.localdate() + timedelta(days=10))
    url = check_in_url(extra)
    extra.delete()

    response = learner.post(url)

    assert response.status_code == 400
    assert uk(INVALID) in text(response)


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_code_of_another_day_is_refused(learner, session, enrollment, method):
    tomorrow = session.days.get(date=timezone.localdate() + timedelta(days=1))

    response = getattr(learner, method)(check_in_url(tomorrow))

    assert response.status_code == 400
    html = text(response)
    assert uk(NOT_TODAY) in html
    assert uk("Day %(number)s", number=2) in html
    assert f">{uk('Check in')}</button>" not in html
    assert not Attendance.objects.exists()


def test_a_past_days_code_is_refused(learner, session, enrollment):
    yesterday = SessionDayFactory(session=session, date=timezone.localdate() - timedelta(days=1))

    response = learner.post(check_in_url(yesterday))

    assert response.status_code == 400
    assert uk(NOT_TODAY) in text(response)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("status", [None, EnrollmentStatus.WAITLISTED, EnrollmentStatus.PENDING,
                                    EnrollmentStatus.CANCELLED])
def test_someone_without_a_place_cannot_check_in(learner, participant, session, day, status):
    if status:
        EnrollmentFactory(session=session, user=participant, status=status)

    response = learner.post(check_in_url(day))

    assert response.status_code == 400
    html = text(response)
    assert uk(NOT_ENROLLED) in html
    assert "Ведення випадку, Дніпро" in html
    assert not Attendance.objects.exists()


def test_a_todays_code_of_another_session_is_refused(learner, enrollment):
    other_day = TrainingSessionFactory(title="Інша сесія", days=1).days.get()

    response = learner.post(check_in_url(other_day))

    assert response.status_code == 400
    assert uk(NOT_ENROLLED) in text(response)
    assert not Attendance.objects.exists()


def test_checking_in_twice_says_already_and_changes_nothing(learner, day, enrollment):
    url = check_in_url(day)
    learner.post(url)
    marked_at = Attendance.objects.get().marked_at

    response = learner.post(url)

    assert response.status_code == 200
    html = text(response)
    assert uk(ALREADY) in html
    assert f">{uk('Check in')}</button>" not in html
    assert Attendance.objects.get().marked_at == marked_at
    assert AttendanceChange.objects.count() == 1



def test_opening_the_link_again_after_checking_in_says_already_without_a_button(learner, day, enrollment):
    url = check_in_url(day)
    learner.post(url)

    response = learner.get(url)

    assert response.status_code == 200
    html = text(response)
    assert uk(ALREADY) in html
    assert f">{uk('Check in')}</button>" not in html
    assert Attendance.objects.count() == 1


def test_someone_marked_absent_still_gets_the_button_when_opening_the_link(learner, day, enrollment):
    AttendanceFactory(enrollment=enrollment, day=day, status="absent")

    response = learner.get(check_in_url(day))

    assert response.status_code == 200
    assert f">{uk('Check in')}</button>" in text(response) and uk(ALREADY) not in text(response)

def test_someone_marked_absent_by_the_trainer_can_still_check_in(learner, day, enrollment):
    AttendanceFactory(enrollment=enrollment, day=day, status="absent")

    with patch("django.utils.timezone.now", return_value=at(9, 40)):
        response = learner.post(check_in_url(day))

    assert response.status_code == 200
    assert Attendance.objects.get().status == "present"
    assert list(AttendanceChange.objects.values_list("old_status", "new_status")) == [("absent", "present")]


def test_logging_in_returns_to_the_same_check_in_without_a_second_scan(client, participant, day, enrollment):
    url = check_in_url(day)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={quote(url, safe='/')}"
    login_page = client.get(response["Location"])
    assert login_page.status_code == 200
    assert f'value="{url}"' in text(login_page)  # allauth carries `next` through its form

    logged_in = client.post(LOGIN_URL, {"login": participant.email, "password": PASSWORD, "next": url})

    assert logged_in.status_code == 302
    assert logged_in["Location"] == url
    page = client.get(url)
    assert page.status_code == 200
    assert f">{uk('Check in')}</button>" in text(page)
    assert not Attendance.objects.exists()


def test_posting_needs_log_in_too(client, day, enrollment):
    url = check_in_url(day)

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?next=")
    assert not Attendance.objects.exists()


def test_posting_without_the_csrf_token_is_refused(participant, day, enrollment):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)

    response = client.post(check_in_url(day))

    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_check_in_page_query_budget(learner, day, enrollment, django_assert_max_num_queries):
    url = check_in_url(day)
    learner.get(url)

    with django_assert_max_num_queries(12):
        response = learner.get(url)

    assert response.status_code == 200
    assert "Ведення випадку, Дніпро" in text(response)


def test_a_participant_without_a_profile_is_named_by_email_on_the_roster(client, session, day):
    user = ParticipantFactory(email="plain@example.org")
    EnrollmentFactory(session=session, user=user)
    client.force_login(user)
    client.post(check_in_url(day))
    trainer = session.trainers.create(username="trainer-y", email="trainer-y@example.org")
    client.force_login(trainer)

    response = client.get(reverse("roster", kwargs={"day_id": day.pk}))

    assert response.status_code == 200
    html = text(response)
    assert ">plain@example.org<" in html
    assert uk("%(checked_in)s of %(total)s checked in", checked_in=1, total=1) in html
