"""The coordinator's moves (enrollments/services.py): approve, decline, seat or waitlist, accept an applicant."""

from datetime import timedelta
from itertools import product

import pytest
from django.utils import timezone

from enrollments import transitions
from enrollments.models import Enrollment, EnrollmentStatus
from enrollments.services import (
    AcceptedSeat,
    OverCapacity,
    approve_enrollment,
    cancel_enrollment,
    decline_enrollment,
    move_to_enrolled,
    move_to_waitlist,
    return_to_request,
    seat_accepted_applicant,
)
from enrollments.transitions import Move
from tests.enrollments.factories import EnrollmentFactory
from tests.enrollments.notices import (
    APPROVED_SUBJECT,
    DECLINED_SUBJECT,
    PROMOTED_SUBJECT,
    WAITLISTED_SUBJECT,
    sent,
    subject,
)
from tests.enrollments.seats import CANCELLED, ENROLLED, PENDING, WAITLISTED, wait
from tests.factories import ParticipantFactory
from tests.helpers import uk

pytestmark = pytest.mark.django_db


# --- approve and decline -------------------------------------------------------------------------

def test_approving_a_request_gives_a_free_seat(session, committed, mail):
    request = EnrollmentFactory(session=session, status=PENDING)

    with committed():
        assert approve_enrollment(enrollment=request).status == ENROLLED
    assert sent(mail) == [(request.user.email, subject(APPROVED_SUBJECT, session))]


def test_approving_a_request_when_full_puts_it_on_the_waiting_list(session, committed, mail):
    EnrollmentFactory.create_batch(2, session=session)
    request = EnrollmentFactory(session=session, status=PENDING)

    with committed():
        assert approve_enrollment(enrollment=request).status == WAITLISTED
    assert sent(mail) == [(request.user.email, subject(WAITLISTED_SUBJECT, session))]


def test_declining_a_request_cancels_it(session, committed, mail):
    request = EnrollmentFactory(session=session, status=PENDING)

    with committed():
        assert decline_enrollment(enrollment=request).status == CANCELLED
    assert sent(mail) == [(request.user.email, subject(DECLINED_SUBJECT, session))]


@pytest.mark.parametrize("decide", [approve_enrollment, decline_enrollment])
@pytest.mark.parametrize("status", [ENROLLED, WAITLISTED, CANCELLED])
def test_only_requests_are_approved_or_declined(session, committed, mail, decide, status):
    enrollment = EnrollmentFactory(session=session, status=status)

    with committed():
        assert decide(enrollment=enrollment).status == status
    enrollment.refresh_from_db()
    assert enrollment.status == status
    assert mail == []


# --- moves by a coordinator ----------------------------------------------------------------------

@pytest.mark.parametrize(("status", "email"), [(WAITLISTED, PROMOTED_SUBJECT), (PENDING, APPROVED_SUBJECT)])
def test_move_to_enrolled_while_a_seat_is_free(session, committed, mail, status, email):
    enrollment = EnrollmentFactory(session=session, status=status)

    with committed():
        assert move_to_enrolled(enrollment=enrollment).status == ENROLLED
    assert sent(mail) == [(enrollment.user.email, subject(email, session))]


def test_move_to_enrolled_refuses_when_full_and_changes_nothing(session, committed, mail):
    EnrollmentFactory.create_batch(2, session=session)
    waiting = wait(EnrollmentFactory(session=session), minutes_ago=5)

    with committed(), pytest.raises(OverCapacity) as error:
        move_to_enrolled(enrollment=waiting)

    assert str(error.value) == uk("The session is full: free a seat or raise the capacity first.")
    waiting.refresh_from_db()
    assert waiting.status == WAITLISTED
    assert session.enrollments.filter(status=ENROLLED).count() == 2
    assert mail == []


def test_move_to_enrolled_of_someone_enrolled_changes_nothing(session, committed, mail):
    EnrollmentFactory.create_batch(1, session=session)
    enrollment = EnrollmentFactory(session=session)

    with committed():
        assert move_to_enrolled(enrollment=enrollment).status == ENROLLED
    assert mail == []


def test_move_to_waitlist_frees_the_seat_for_the_longest_waiting(session, committed, mail):
    moved, _ = EnrollmentFactory.create_batch(2, session=session)
    waiting = wait(EnrollmentFactory(session=session), minutes_ago=30)

    with committed():
        assert move_to_waitlist(enrollment=moved).status == WAITLISTED

    waiting.refresh_from_db()
    assert waiting.status == ENROLLED
    assert sent(mail) == [
        (moved.user.email, subject(WAITLISTED_SUBJECT, session)),
        (waiting.user.email, subject(PROMOTED_SUBJECT, session)),
    ]


def test_move_to_waitlist_goes_to_the_end_of_the_line(session):
    moved, _ = EnrollmentFactory.create_batch(2, session=session)
    waiting = wait(EnrollmentFactory(session=session), minutes_ago=30)

    move_to_waitlist(enrollment=moved)
    cancel_enrollment(enrollment=waiting)

    moved.refresh_from_db()
    assert moved.status == ENROLLED


def test_move_to_waitlist_sticks_when_nobody_else_is_waiting(session, committed, mail):
    """The freed seat goes to others waiting, never straight back to the person just moved."""
    moved = EnrollmentFactory(session=session)

    with committed():
        move_to_waitlist(enrollment=moved)

    moved.refresh_from_db()
    assert moved.status == WAITLISTED
    assert sent(mail) == [(moved.user.email, subject(WAITLISTED_SUBJECT, session))]


def test_move_request_to_waitlist_takes_no_seat_from_anyone(session, committed, mail):
    request = EnrollmentFactory(session=session, status=PENDING)

    with committed():
        assert move_to_waitlist(enrollment=request).status == WAITLISTED
    assert sent(mail) == [(request.user.email, subject(WAITLISTED_SUBJECT, session))]


def test_move_to_waitlist_of_someone_waiting_changes_nothing(session, committed, mail):
    waiting = wait(EnrollmentFactory(session=session), minutes_ago=30)
    before = waiting.status_changed_at

    with committed():
        move_to_waitlist(enrollment=waiting)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.status_changed_at) == (WAITLISTED, before)
    assert mail == []


# --- Every change of a place asks the state machine (enrollments.transitions) --------------------

SERVICES = {Move.APPROVE: approve_enrollment, Move.DECLINE: decline_enrollment, Move.CANCEL: cancel_enrollment,
            Move.ENROLL: move_to_enrolled, Move.WAITLIST: move_to_waitlist,
            Move.RETURN_TO_REQUEST: return_to_request}


@pytest.mark.parametrize(("move", "status"), list(product(SERVICES, EnrollmentStatus)))
def test_each_service_makes_its_move_or_returns_the_row_unchanged(session, committed, mail, move, status):
    enrollment = EnrollmentFactory(session=session, status=status)
    before = timezone.now() - timedelta(hours=1)
    Enrollment.objects.filter(pk=enrollment.pk).update(status_changed_at=before)
    placed = ENROLLED if move == Move.APPROVE else None  # a seat is free
    expected = transitions.apply_move(status=status, move=move, placement=placed)

    with committed():
        returned = SERVICES[move](enrollment=enrollment)

    row = Enrollment.objects.get(pk=enrollment.pk)
    assert returned.pk == row.pk and returned.status == row.status
    if expected is None:
        assert (row.status, row.status_changed_at) == (status, before)
        assert mail == []
    else:
        assert row.status == expected and row.status_changed_at > before


def test_an_acceptance_leaves_a_seat_held_already_as_it_is(session):
    enrollment = EnrollmentFactory(session=session, status=ENROLLED)
    before = timezone.now() - timedelta(hours=1)
    Enrollment.objects.filter(pk=enrollment.pk).update(status_changed_at=before)

    seat = seat_accepted_applicant(session=session, user=enrollment.user)

    assert seat == AcceptedSeat(enrollment=enrollment, was=ENROLLED)
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.status_changed_at, enrollment.source) == (ENROLLED, before, "self")


@pytest.mark.parametrize(("status", "source"), [(None, "application"), (PENDING, "self"), (WAITLISTED, "self"),
                                                 (CANCELLED, "application")])
def test_an_acceptance_gives_a_seat_and_says_what_it_replaced(session, status, source):
    user = EnrollmentFactory(session=session, status=status).user if status else ParticipantFactory()

    seat = seat_accepted_applicant(session=session, user=user)

    assert (seat.enrollment.status, seat.enrollment.source, seat.was) == (ENROLLED, source, status or "")
    assert Enrollment.objects.get(session=session, user=user).status == ENROLLED
