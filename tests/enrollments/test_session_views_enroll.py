"""Enrolling and cancelling on the session page (enrollments/session_views.py), with messages and emails."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from enrollments.models import Enrollment, SessionStatus
from tests.enrollments.factories import EnrollmentFactory, fill, schedule
from tests.enrollments.notices import subject
from tests.enrollments.paths import COURSE_URL, LOGIN_URL, MY_LEARNING_URL, cancel_url, detail_url, enroll_url
from tests.enrollments.seats import CANCELLED, ENROLLED, PENDING, WAITLISTED
from tests.factories import ParticipantFactory
from tests.helpers import messages_of, text, uk, uk_plural

pytestmark = pytest.mark.django_db


# --- Enroll --------------------------------------------------------------------------------------


def test_enroll_takes_a_seat_and_emails(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course, title="Тренінг з ведення випадку")

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.redirect_chain == [(detail_url(session), 302)]
    assert response.status_code == 200
    assert messages_of(response) == [uk("Your place is confirmed. We will email you the details.")]
    assert Enrollment.objects.get(session=session, user=participant).status == ENROLLED
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([participant.email], subject("Your place is confirmed: %(title)s", session))]
    html = text(response)
    assert f"<strong>{uk('Enrolled')}</strong>" in html
    assert f"<summary>{uk('Cancel my place')}</summary>" in html
    assert uk_plural("%(seats)s place left", "%(seats)s places left", 29, seats=29) in html


def test_enroll_when_full_joins_the_waiting_list(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course, capacity=1)
    fill(session, 1)

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(
        "All places are taken, so you are on the waiting list. If a place becomes free, we will email you.")]
    assert Enrollment.objects.get(session=session, user=participant).status == WAITLISTED
    assert [m.subject for m in mailoutbox] == [subject("You are on the waiting list: %(title)s", session)]
    assert f"<summary>{uk('Leave the waiting list')}</summary>" in text(response)


def test_request_a_place_when_approval_is_required(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course, approval_required=True)

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(
        "Your request has been sent. A coordinator will review it and we will email you.")]
    assert Enrollment.objects.get(session=session, user=participant).status == PENDING
    assert [m.subject for m in mailoutbox] == [subject("We have received your request: %(title)s", session)]
    assert f"<summary>{uk('Withdraw my request')}</summary>" in text(response)


def test_enrolling_twice_changes_nothing(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course)
    with committed():
        learner.post(enroll_url(session), follow=True)  # reads the first message

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk("Nothing has changed: your status on this training is “%(status)s”.",
                                        status=uk("Enrolled"))]
    assert Enrollment.objects.filter(session=session, user=participant).count() == 1
    assert len(mailoutbox) == 1


def test_enrolling_again_after_cancelling(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course)
    EnrollmentFactory(session=session, user=participant, status=CANCELLED)

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.status_code == 200
    assert Enrollment.objects.get(session=session, user=participant).status == ENROLLED
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"enrollment_opens_at": timezone.now() + timedelta(days=3)}, "Enrollment has not opened yet."),
    ({"enrollment_opens_at": timezone.now() - timedelta(days=9),
      "enrollment_closes_at": timezone.now() - timedelta(days=1)}, "Enrollment for this session has closed."),
    ({"status": SessionStatus.CLOSED}, "This session is not open for enrollment."),
    ({"status": SessionStatus.CANCELLED}, "This session is not open for enrollment."),
])


def test_enrolling_when_closed_says_why(learner, participant, tree, mailoutbox, committed, fields, message):
    session = schedule(course=tree.course, **fields)

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(message)]
    assert 'class="message message--error"' in text(response)
    assert not Enrollment.objects.filter(session=session).exists()
    assert mailoutbox == []


def test_visitors_are_sent_to_log_in_and_back_to_the_session(client, tree):
    session = schedule(course=tree.course)

    for url in (enroll_url(session), cancel_url(session)):
        response = client.post(url)

        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN_URL}?next={detail_url(session)}"
    assert not Enrollment.objects.exists()


def test_enroll_and_cancel_only_take_posts(learner, tree):
    session = schedule(course=tree.course)

    for url in (enroll_url(session), cancel_url(session)):
        response = learner.get(url)

        assert response.status_code == 405
        assert response["Allow"] == "POST"
    assert not Enrollment.objects.exists()


# --- Cancel --------------------------------------------------------------------------------------


def test_cancelling_a_place_promotes_the_first_on_the_waiting_list(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course, capacity=2, title="Повний тренінг")
    mine = EnrollmentFactory(session=session, user=participant)
    fill(session, 1)
    first, second = fill(session, 2, WAITLISTED)
    Enrollment.objects.filter(pk=second.pk).update(status_changed_at=timezone.now() + timedelta(minutes=1))

    with committed():
        response = learner.post(cancel_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk("You have given up your place. Thank you for letting us know.")]
    statuses = dict(Enrollment.objects.values_list("pk", "status"))
    assert (statuses[mine.pk], statuses[first.pk], statuses[second.pk]) == (CANCELLED, ENROLLED, WAITLISTED)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([first.user.email], subject("A place has become free for you: %(title)s", session))]
    html = text(response)
    assert f"<strong>{uk('Cancelled')}</strong>" in html
    assert f'<button type="submit">{uk("Join the waiting list")}</button>' in html


@pytest.mark.parametrize(("status", "message"), [
    (WAITLISTED, "You have left the waiting list."),
    (PENDING, "You have withdrawn your request."),
])


def test_leaving_the_waiting_list_or_withdrawing_promotes_nobody(learner, participant, tree, mailoutbox, committed,
                                                                  status, message):
    session = schedule(course=tree.course, capacity=1)
    fill(session, 1)
    other = EnrollmentFactory(session=session, status=WAITLISTED)
    EnrollmentFactory(session=session, user=participant, status=status)

    with committed():
        response = learner.post(cancel_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(message)]
    assert Enrollment.objects.get(session=session, user=participant).status == CANCELLED
    assert Enrollment.objects.get(pk=other.pk).status == WAITLISTED
    assert mailoutbox == []


def test_cancel_from_my_learning_goes_back_there(learner, participant, tree):
    session = schedule(course=tree.course)
    EnrollmentFactory(session=session, user=participant)

    response = learner.post(cancel_url(session), {"next": MY_LEARNING_URL})

    assert response.status_code == 302
    assert response["Location"] == MY_LEARNING_URL
    assert Enrollment.objects.get(session=session, user=participant).status == CANCELLED


def test_cancel_ignores_a_foreign_next(learner, participant, tree):
    session = schedule(course=tree.course)
    EnrollmentFactory(session=session, user=participant)

    response = learner.post(cancel_url(session), {"next": "https://evil.example.com/"})

    assert response.status_code == 302
    assert response["Location"] == detail_url(session)


def test_cancelling_without_a_place_touches_nobody_elses(learner, tree, mailoutbox, committed):
    session = schedule(course=tree.course, capacity=1)
    [someone] = fill(session, 1)
    waiting = EnrollmentFactory(session=session, status=WAITLISTED)

    with committed():
        response = learner.post(cancel_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(
        "You have no place, request or waiting-list spot on this training to cancel.")]
    assert Enrollment.objects.get(pk=someone.pk).status == ENROLLED
    assert Enrollment.objects.get(pk=waiting.pk).status == WAITLISTED
    assert mailoutbox == []


def test_cancelling_twice_changes_nothing_more(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course, capacity=1)
    EnrollmentFactory(session=session, user=participant)
    first, second = fill(session, 2, WAITLISTED)
    Enrollment.objects.filter(pk=second.pk).update(status_changed_at=timezone.now() + timedelta(minutes=1))
    with committed():
        learner.post(cancel_url(session), follow=True)  # reads the first message

    with committed():
        response = learner.post(cancel_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(
        "You have no place, request or waiting-list spot on this training to cancel.")]
    assert Enrollment.objects.get(pk=second.pk).status == WAITLISTED
    assert len(mailoutbox) == 1


def test_nothing_to_cancel_on_a_cancelled_session(learner, participant, tree):
    session = schedule(course=tree.course, status=SessionStatus.CANCELLED)
    EnrollmentFactory(session=session, user=participant)

    response = learner.post(cancel_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk("This training is over or cancelled: there is nothing to change.")]
    assert Enrollment.objects.get(session=session, user=participant).status == ENROLLED


def test_a_participant_enrolls_and_finds_it_on_my_learning(tree, mailoutbox, committed):
    """The whole journey: course page, session page, enroll, my learning, calendar file."""
    user = ParticipantFactory()
    client = Client()
    client.force_login(user)
    session = schedule(course=tree.course, title="Тренінг для всіх")

    course_page = client.get(COURSE_URL)
    assert f'href="{detail_url(session)}"' in text(course_page)
    with committed():
        client.post(enroll_url(session))
    dashboard = client.get(MY_LEARNING_URL)
    calendar_file = client.get(f"/uk/learning/sessions/{session.pk}/calendar.ics")

    assert dashboard.status_code == 200
    assert f'<a href="{detail_url(session)}">Тренінг для всіх</a>' in text(dashboard)
    assert calendar_file.status_code == 200
    assert calendar_file.content.count(b"BEGIN:VEVENT") == 3
    assert len(mailoutbox) == 1
