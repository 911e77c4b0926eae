"""Freeing seats (enrollments/services.py): a cancelled place goes to the longest waiting; a cancelled session."""

import pytest

from enrollments.models import SessionStatus, TrainingSession
from enrollments.services import (
    EnrollmentClosed,
    cancel_enrollment,
    cancel_session,
    enroll,
    fill_free_seats,
    promote_from_waitlist,
)
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.enrollments.notices import CANCELLED_SUBJECT, PROMOTED_SUBJECT, sent, subject
from tests.enrollments.seats import CANCELLED, ENROLLED, PENDING, WAITLISTED, statuses, wait
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


# --- cancel and promote --------------------------------------------------------------------------

def test_cancelling_a_place_promotes_the_longest_waiting_person_and_emails_them(session, committed, mail):
    leaving, staying = EnrollmentFactory.create_batch(2, session=session)
    later = wait(EnrollmentFactory(session=session), minutes_ago=5)
    earlier = wait(EnrollmentFactory(session=session), minutes_ago=30)  # created later, waiting longer

    with committed():
        cancelled = cancel_enrollment(enrollment=leaving)

    assert cancelled.status == CANCELLED
    assert statuses(session) == {
        leaving.user.email: CANCELLED, staying.user.email: ENROLLED,
        earlier.user.email: ENROLLED, later.user.email: WAITLISTED,
    }
    assert sent(mail) == [(earlier.user.email, subject(PROMOTED_SUBJECT, session))]


def test_raising_the_capacity_gives_the_new_seats_to_the_longest_waiting(session, committed, mail):
    EnrollmentFactory.create_batch(2, session=session)
    later = wait(EnrollmentFactory(session=session), minutes_ago=5)
    earlier = wait(EnrollmentFactory(session=session), minutes_ago=30)
    session.capacity = 3
    session.save()

    with committed():
        promoted = fill_free_seats(session=session)

    assert [e.pk for e in promoted] == [earlier.pk]
    assert statuses(session)[earlier.user.email] == ENROLLED
    assert statuses(session)[later.user.email] == WAITLISTED
    assert sent(mail) == [(earlier.user.email, subject(PROMOTED_SUBJECT, session))]


def test_a_cancelled_session_promotes_nobody_when_capacity_changes(session):
    waiting = wait(EnrollmentFactory(session=session), minutes_ago=5)
    TrainingSession.objects.filter(pk=session.pk).update(status="cancelled", capacity=10)

    assert fill_free_seats(session=session) == []
    waiting.refresh_from_db()
    assert waiting.status == WAITLISTED


def test_cancelling_with_nobody_waiting_just_frees_the_seat(session, committed, mail):
    leaving = EnrollmentFactory(session=session)

    with committed():
        cancel_enrollment(enrollment=leaving)

    assert statuses(session) == {leaving.user.email: CANCELLED}
    assert mail == []


@pytest.mark.parametrize("status", [WAITLISTED, PENDING])
def test_cancelling_without_a_seat_promotes_nobody(session, committed, mail, status):
    EnrollmentFactory.create_batch(2, session=session)
    waiting = wait(EnrollmentFactory(session=session), minutes_ago=60)
    leaving = EnrollmentFactory(session=session, status=status)

    with committed():
        cancel_enrollment(enrollment=leaving)

    waiting.refresh_from_db()
    leaving.refresh_from_db()
    assert (leaving.status, waiting.status) == (CANCELLED, WAITLISTED)
    assert mail == []


def test_cancelling_a_cancelled_enrollment_changes_nothing(session, committed, mail):
    enrollment = EnrollmentFactory(session=session, status=CANCELLED)
    waiting = wait(EnrollmentFactory(session=session), minutes_ago=5)

    with committed():
        assert cancel_enrollment(enrollment=enrollment).status == CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == WAITLISTED
    assert mail == []


def test_cancelling_twice_promotes_only_once(session, committed, mail):
    leaving, _ = EnrollmentFactory.create_batch(2, session=session)
    first = wait(EnrollmentFactory(session=session), minutes_ago=30)
    second = wait(EnrollmentFactory(session=session), minutes_ago=10)

    with committed():
        cancel_enrollment(enrollment=leaving)
        cancel_enrollment(enrollment=leaving)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ENROLLED, WAITLISTED)
    assert len(mail) == 1


def test_no_promotion_while_the_session_is_over_capacity(session, committed, mail):
    """Capacity lowered below the enrolled count: a cancellation does not let anyone in yet."""
    leaving, *_ = EnrollmentFactory.create_batch(3, session=session)
    waiting = wait(EnrollmentFactory(session=session), minutes_ago=5)

    with committed():
        cancel_enrollment(enrollment=leaving)

    waiting.refresh_from_db()
    assert waiting.status == WAITLISTED
    assert session.enrollments.filter(status=ENROLLED).count() == 2


def test_promote_fills_every_free_seat_in_waiting_order(course, committed, mail):
    session = TrainingSessionFactory(course=course, capacity=3)
    third = wait(EnrollmentFactory(session=session), minutes_ago=1)
    first = wait(EnrollmentFactory(session=session), minutes_ago=30)
    second = wait(EnrollmentFactory(session=session), minutes_ago=20)
    fourth = wait(EnrollmentFactory(session=session, status=WAITLISTED), minutes_ago=0)
    EnrollmentFactory(session=session)

    with committed():
        promoted = promote_from_waitlist(session=session)

    assert promoted == [first, second]
    assert [to for to, _ in sent(mail)] == [first.user.email, second.user.email]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == (WAITLISTED, WAITLISTED)


# --- cancel a session ----------------------------------------------------------------------------

def test_cancel_session_tells_everyone_active_and_nobody_twice(session, committed, mail):
    active = [EnrollmentFactory(session=session, status=status) for status in (ENROLLED, WAITLISTED, PENDING)]
    EnrollmentFactory(session=session, status=CANCELLED)

    with committed():
        cancel_session(session=session)
        cancel_session(session=session)

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert sorted(sent(mail)) == sorted((e.user.email, subject(CANCELLED_SUBJECT, session)) for e in active)


def test_a_cancelled_session_takes_no_enrollments(session):
    cancel_session(session=session)

    with pytest.raises(EnrollmentClosed):
        enroll(session=session, user=ParticipantFactory())
