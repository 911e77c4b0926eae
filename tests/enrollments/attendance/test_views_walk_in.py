"""Adding someone who came without a place, from the roster or the paper entry (enrollments/attendance/views.py)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from enrollments.models import Attendance, AttendanceMethod, Enrollment, EnrollmentSource, EnrollmentStatus
from tests.enrollments.attendance.trainer_pages import url
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory
from tests.factories import ParticipantFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db


# --- Walk-ins ------------------------------------------------------------------------------------

def test_a_walk_in_with_a_new_email_gets_an_account_a_seat_over_capacity_and_a_present_mark(
        trainer_client, trainer, taught_session, day, people):
    assert taught_session.enrollments.filter(status=EnrollmentStatus.ENROLLED).count() == taught_session.capacity

    response = trainer_client.post(url("roster_walk_in", day),
                                   {"email": " Nova.Osoba@Example.org ", "full_name": "  Нова   Особа "}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(url("roster", day), 302)]
    user = get_user_model().objects.get(email="nova.osoba@example.org")
    assert not user.has_usable_password()
    assert user.groups.filter(name="Participant").exists()
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("nova.osoba@example.org", False, True)
    assert user.profile.full_name == "Нова Особа"
    enrollment = Enrollment.objects.get(session=taught_session, user=user)
    assert (enrollment.status, enrollment.source) == (EnrollmentStatus.ENROLLED, EnrollmentSource.WALK_IN)
    attendance = Attendance.objects.get(enrollment=enrollment, day=day)
    assert (attendance.status, attendance.method, attendance.marked_by) == ("present", "roster", trainer)
    html = text(response)
    assert uk("%(name)s has been added to the list.", name="Нова Особа") in html
    assert uk("A new account was made for %(email)s. We have emailed them a link to set a password.",
              email="nova.osoba@example.org") in html
    assert ">Нова Особа<" in html
    assert uk("%(checked_in)s of %(total)s checked in", checked_in=1, total=4) in html


def test_a_walk_in_with_an_existing_account_keeps_it_and_their_own_name(trainer_client, taught_session, day, people):
    existing = ProfileFactory(full_name="Марія Ткаченко", user=ParticipantFactory(email="maria@example.org")).user
    waiting = EnrollmentFactory(session=taught_session, user=existing, status=EnrollmentStatus.WAITLISTED)
    users_before = get_user_model().objects.count()

    response = trainer_client.post(url("roster_walk_in", day),
                                   {"email": "MARIA@example.org", "full_name": "Марія Т."}, follow=True)

    assert response.status_code == 200
    assert get_user_model().objects.count() == users_before
    waiting.refresh_from_db()
    assert (waiting.status, waiting.source) == (EnrollmentStatus.ENROLLED, EnrollmentSource.WALK_IN)
    existing.profile.refresh_from_db()
    assert existing.profile.full_name == "Марія Ткаченко"
    assert existing.has_usable_password()
    assert Attendance.objects.get(enrollment=waiting, day=day).status == "present"
    html = text(response)
    assert uk("%(name)s has been added to the list.", name="Марія Ткаченко") in html
    assert uk("A new account was made for %(email)s. We have emailed them a link to set a password.",
              email="maria@example.org") not in html


def test_a_walk_in_with_a_bad_email_shows_the_error_and_keeps_the_input(trainer_client, day, people):
    response = trainer_client.post(url("roster_walk_in", day), {"email": "not-an-email", "full_name": "Нова Особа"})

    assert response.status_code == 400
    html = text(response)
    assert uk("Enter a valid email address.") in html
    assert 'value="not-an-email"' in html and 'value="Нова Особа"' in html
    assert not Enrollment.objects.filter(source=EnrollmentSource.WALK_IN).exists()


def test_a_walk_in_from_the_paper_entry_returns_there_and_counts_as_paper(trainer_client, past_day, people):
    response = trainer_client.post(url("roster_walk_in", past_day),
                                   {"email": "paper@example.org", "full_name": "Паперова Особа", "return_to": "paper"})

    assert response.status_code == 302
    assert response["Location"] == url("paper_entry", past_day)
    assert Attendance.objects.get(day=past_day).method == AttendanceMethod.IMPORT
