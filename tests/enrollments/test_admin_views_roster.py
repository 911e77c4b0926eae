"""A session's roster in the admin (enrollments/admin_views.py): each person's moves, bulk approval, cancelling."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollments.models import Enrollment, SessionStatus
from tests.enrollments.admin_pages import action_url, roster_url, uk_count
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory
from tests.enrollments.seats import CANCELLED, ENROLLED, PENDING, WAITLISTED
from tests.factories import TrainerFactory
from tests.helpers import assert_denied, assert_sent_to_login, messages_of, text, uk

ROSTER_QUERIES = 14  # measured 11 with 5 people and with 40, +1: the access log's INSERT on a first view


def test_roster_lists_everyone_by_status_with_details(admin, admin_session):
    enrolled = EnrollmentFactory(session=admin_session, user__email="olena@example.org")
    ProfileFactory(user=enrolled.user, full_name="Олена Коваленко", profession="psychologist")
    pending = EnrollmentFactory(session=admin_session, status=PENDING, source="application")
    first_waiting = EnrollmentFactory(session=admin_session, status=WAITLISTED)
    second_waiting = EnrollmentFactory(session=admin_session, status=WAITLISTED)
    Enrollment.objects.filter(pk=first_waiting.pk).update(status_changed_at=timezone.now() - timedelta(hours=1))
    cancelled = EnrollmentFactory(session=admin_session, status=CANCELLED, source="imported")

    response = admin.get(roster_url(admin_session))

    assert response.status_code == 200
    page = text(response)
    assert "Олена Коваленко" in page and "olena@example.org" in page and uk("Psychologist") in page
    assert uk("Open call application") in page and uk("Imported") in page
    headings = [uk("Enrolled"), uk("Awaiting approval"), uk("On the waiting list"), uk("Cancelled")]
    positions = [page.index(f"{heading} (") for heading in headings]
    assert positions == sorted(positions)
    assert page.index(first_waiting.user.email) < page.index(second_waiting.user.email)
    assert page.index(pending.user.email) < page.index(first_waiting.user.email) < page.index(cancelled.user.email)
    assert uk("Approve selected requests") in page
    assert reverse("enrollments_admin:session_cancel", args=[admin_session.pk]) in page


@pytest.mark.parametrize("people", [5, 40])
def test_roster_query_budget_stays_flat(admin, admin_session, people, django_assert_max_num_queries):
    admin_session.capacity = people
    admin_session.save()
    for number in range(people):
        enrollment = EnrollmentFactory(session=admin_session,
                                       status=(ENROLLED, WAITLISTED, PENDING, CANCELLED)[number % 4])
        ProfileFactory(user=enrollment.user, full_name=f"Учасниця {number}")

    with django_assert_max_num_queries(ROSTER_QUERIES):
        response = admin.get(roster_url(admin_session))

    assert response.status_code == 200
    assert f"Учасниця {people - 1}" in text(response)


def test_trainers_even_of_the_session_cannot_open_the_admin_roster(client, admin_session):
    trainer = TrainerFactory()
    admin_session.trainers.add(trainer)
    enrollment = EnrollmentFactory(session=admin_session, status=PENDING)
    client.force_login(trainer)

    assert_denied(client.get(roster_url(admin_session)))
    assert_denied(client.post(action_url(enrollment), {"action": "approve"}))
    assert_denied(client.post(reverse("enrollments_admin:session_cancel", args=[admin_session.pk])))
    enrollment.refresh_from_db()
    admin_session.refresh_from_db()
    assert (enrollment.status, admin_session.status) == (PENDING, "open")


def test_participant_cannot_act_on_the_roster(client, admin_session):
    enrollment = EnrollmentFactory(session=admin_session, status=PENDING)
    client.force_login(enrollment.user)
    assert_sent_to_login(client.post(action_url(enrollment), {"action": "approve"}))
    enrollment.refresh_from_db()
    assert enrollment.status == PENDING


def test_guessed_ids_are_404(admin, admin_session, tree):
    other = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course))
    wrong_session = reverse("enrollments_admin:roster_action", args=[admin_session.pk, other.pk])

    assert admin.post(wrong_session, {"action": "cancel"}, follow=True).status_code == 404
    assert admin.get(reverse("enrollments_admin:session_roster", args=[999999]), follow=True).status_code == 404
    other.refresh_from_db()
    assert other.status == ENROLLED


def test_approving_a_request_enrolls_and_emails(admin, admin_session, mailoutbox, committed):
    pending = EnrollmentFactory(session=admin_session, status=PENDING)

    with committed():
        response = admin.post(action_url(pending), {"action": "approve"}, follow=True)

    pending.refresh_from_db()
    assert pending.status == ENROLLED
    assert response.status_code == 200
    assert [message.to for message in mailoutbox] == [[pending.user.email]]


def test_approving_over_capacity_puts_on_the_waiting_list(admin, admin_session):
    admin_session.capacity = 1
    admin_session.save()
    EnrollmentFactory(session=admin_session)
    pending = EnrollmentFactory(session=admin_session, status=PENDING)

    response = admin.post(action_url(pending), {"action": "approve"}, follow=True)

    pending.refresh_from_db()
    assert pending.status == WAITLISTED
    assert any(uk("On the waiting list") in message for message in messages_of(response))


def test_moving_to_enrolled_when_full_is_an_error(admin, admin_session):
    admin_session.capacity = 1
    admin_session.save()
    EnrollmentFactory(session=admin_session)
    waiting = EnrollmentFactory(session=admin_session, status=WAITLISTED)

    response = admin.post(action_url(waiting), {"action": "enroll"}, follow=True)

    waiting.refresh_from_db()
    assert waiting.status == WAITLISTED
    assert response.status_code == 200
    assert uk("The session is full: free a seat or raise the capacity first.") in messages_of(response)


def test_moving_to_the_waiting_list_frees_the_seat_for_the_first_waiting(admin, admin_session):
    admin_session.capacity = 1
    admin_session.save()
    seated = EnrollmentFactory(session=admin_session)
    waiting = EnrollmentFactory(session=admin_session, status=WAITLISTED)

    admin.post(action_url(seated), {"action": "waitlist"})

    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == (WAITLISTED, ENROLLED)


def test_cancelling_a_place_and_declining_a_request(admin, admin_session, mailoutbox, committed):
    seated = EnrollmentFactory(session=admin_session)
    pending = EnrollmentFactory(session=admin_session, status=PENDING)

    with committed():
        admin.post(action_url(seated), {"action": "cancel"})
        admin.post(action_url(pending), {"action": "decline"})

    seated.refresh_from_db()
    pending.refresh_from_db()
    assert (seated.status, pending.status) == (CANCELLED, CANCELLED)
    assert [message.to for message in mailoutbox] == [[pending.user.email]]


@pytest.mark.parametrize(("status", "action"), [(ENROLLED, "approve"), (PENDING, "enroll"), (ENROLLED, "bogus")])
def test_an_action_that_does_not_apply_changes_nothing(admin, admin_session, status, action):
    enrollment = EnrollmentFactory(session=admin_session, status=status)

    response = admin.post(action_url(enrollment), {"action": action}, follow=True)

    enrollment.refresh_from_db()
    assert enrollment.status == status
    assert response.status_code == 200
    assert messages_of(response)


def test_roster_actions_need_post(admin, admin_session):
    enrollment = EnrollmentFactory(session=admin_session, status=PENDING)
    assert admin.get(action_url(enrollment)).status_code == 405
    enrollment.refresh_from_db()
    assert enrollment.status == PENDING


def test_bulk_approve_seats_the_earliest_then_waitlists(admin, admin_session):
    admin_session.capacity = 2
    admin_session.save()
    EnrollmentFactory(session=admin_session)
    first, second, third = (EnrollmentFactory(session=admin_session, status=PENDING) for _ in range(3))

    response = admin.post(reverse("enrollments_admin:session_bulk_approve", args=[admin_session.pk]),
                          {"enrollments": [first.pk, second.pk]}, follow=True)

    assert response.status_code == 200
    statuses = {e.pk: e.status for e in Enrollment.objects.filter(session=admin_session)}
    assert (statuses[first.pk], statuses[second.pk], statuses[third.pk]) == (ENROLLED, WAITLISTED, PENDING)
    page = text(response)
    assert uk_count("%(count)d request approved and enrolled.", "%(count)d requests approved and enrolled.", 1) in page


def test_bulk_approve_refuses_requests_of_another_session(admin, admin_session, tree):
    foreign = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course), status=PENDING)

    response = admin.post(reverse("enrollments_admin:session_bulk_approve", args=[admin_session.pk]),
                          {"enrollments": [foreign.pk]}, follow=True)

    foreign.refresh_from_db()
    assert foreign.status == PENDING
    assert response.status_code == 200
    assert messages_of(response)


def test_cancel_session_asks_first_then_tells_everyone(admin, admin_session, mailoutbox, committed):
    people = [EnrollmentFactory(session=admin_session, status=status) for status in (ENROLLED, WAITLISTED, PENDING)]
    EnrollmentFactory(session=admin_session, status=CANCELLED)
    cancel_url = reverse("enrollments_admin:session_cancel", args=[admin_session.pk])

    confirmation = admin.get(cancel_url)
    assert confirmation.status_code == 200
    assert uk("Yes, cancel the session and tell everyone") in text(confirmation)
    admin_session.refresh_from_db()
    assert admin_session.status == "open"

    with committed():
        response = admin.post(cancel_url, follow=True)

    admin_session.refresh_from_db()
    assert admin_session.status == SessionStatus.CANCELLED
    assert sorted(message.to[0] for message in mailoutbox) == sorted(e.user.email for e in people)
    assert uk_count("The session is cancelled. %(count)d person will be emailed.",
                    "The session is cancelled. %(count)d people will be emailed.", 3) in text(response)
    assert uk("This session is cancelled. Everyone on it was told; the roster can no longer change.") in text(response)


def test_a_cancelled_session_roster_no_longer_changes(admin, admin_session):
    waiting = EnrollmentFactory(session=admin_session, status=WAITLISTED)
    admin_session.status = SessionStatus.CANCELLED
    admin_session.save()

    response = admin.post(action_url(waiting), {"action": "enroll"}, follow=True)

    waiting.refresh_from_db()
    assert waiting.status == WAITLISTED
    assert uk("This session is cancelled: its roster can no longer change.") in messages_of(response)
