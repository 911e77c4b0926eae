"""The session services: enroll, cancel, approve, move, cancel a session."""

from datetime import timedelta
from itertools import product

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enrollments import transitions
from enrollments.models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    SessionStatus,
    TrainingSession,
)
from enrollments.services import (
    AcceptedSeat,
    EnrollmentClosed,
    OverCapacity,
    approve_enrollment,
    cancel_enrollment,
    cancel_session,
    decline_enrollment,
    enroll,
    enrollment_refusal,
    fill_free_seats,
    lock_session,
    move_to_enrolled,
    move_to_waitlist,
    promote_from_waitlist,
    return_to_request,
    seat_accepted_applicant,
    set_status,
)
from enrollments.transitions import Move
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.factories import ParticipantFactory
from tests.helpers import uk

pytestmark = pytest.mark.django_db

ENROLLED, WAITLISTED, PENDING, CANCELLED, COMPLETED = (
    EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.PENDING, EnrollmentStatus.CANCELLED,
    EnrollmentStatus.COMPLETED,
)

CONFIRMED_SUBJECT = "Your place is confirmed: %(title)s"
WAITLISTED_SUBJECT = "You are on the waiting list: %(title)s"
PENDING_SUBJECT = "We have received your request: %(title)s"
PROMOTED_SUBJECT = "A place has become free for you: %(title)s"
APPROVED_SUBJECT = "Your request has been approved: %(title)s"
DECLINED_SUBJECT = "Your request was not approved: %(title)s"
CANCELLED_SUBJECT = "Training cancelled: %(title)s"


def subject(message: str, session) -> str:
    return "[Hromada LMS] " + uk(message, title=session.title)


def sent(mailoutbox) -> list[tuple[str, str]]:
    """(recipient, subject) of every email sent, in order."""
    return [(message.to[0], message.subject) for message in mailoutbox]


@pytest.fixture
def mail(mailoutbox):
    return mailoutbox


@pytest.fixture
def session(course):
    return TrainingSessionFactory(course=course, capacity=2)


def _wait(enrollment, minutes_ago: int):
    """Put the enrollment on the waiting list as of `minutes_ago` (auto_now_add cannot be set on create)."""
    Enrollment.objects.filter(pk=enrollment.pk).update(
        status=WAITLISTED, status_changed_at=timezone.now() - timedelta(minutes=minutes_ago))
    enrollment.refresh_from_db()
    return enrollment


def statuses(session) -> dict[str, str]:
    return dict(session.enrollments.values_list("user__email", "status"))


# --- lock_session, set_status: what every change of a place is made of ----------------------------

def test_lock_session_reads_the_row_afresh_and_locks_it_where_the_database_can(session):
    TrainingSession.objects.filter(pk=session.pk).update(capacity=5)

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        locked = lock_session(session_id=session.pk)

    assert locked.pk == session.pk and locked.capacity == 5 and session.capacity == 2
    [query] = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert ("FOR UPDATE" in query) is connection.features.has_select_for_update


def test_lock_session_of_an_unknown_session_raises(db):
    with pytest.raises(TrainingSession.DoesNotExist), transaction.atomic():
        lock_session(session_id=0)


def test_set_status_writes_the_status_and_its_time_and_nothing_else(session):
    enrollment = _wait(EnrollmentFactory(session=session), minutes_ago=30)
    before = enrollment.status_changed_at
    enrollment.source = "imported"  # changed in memory only: set_status must not save it

    returned = set_status(enrollment=enrollment, status=ENROLLED)

    assert returned is enrollment and enrollment.status == ENROLLED and enrollment.status_changed_at > before
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.source) == (ENROLLED, "self")
    assert enrollment.status_changed_at > before


def test_set_status_sends_no_email_and_moves_nobody_else(session, committed, mail):
    waiting = _wait(EnrollmentFactory(session=session), minutes_ago=5)
    leaving = EnrollmentFactory(session=session)

    with committed():
        set_status(enrollment=leaving, status=CANCELLED)

    assert mail == [] and statuses(session)[waiting.user.email] == WAITLISTED


# --- enroll --------------------------------------------------------------------------------------

def test_enroll_gives_a_place_while_seats_remain_and_confirms_it(session, committed, mail):
    person = ParticipantFactory()

    with committed():
        enrollment = enroll(session=session, user=person)

    assert (enrollment.status, enrollment.source, enrollment.user, enrollment.session) == (
        ENROLLED, EnrollmentSource.SELF, person, session)
    assert sent(mail) == [(person.email, subject(CONFIRMED_SUBJECT, session))]
    assert session.title in mail[0].body
    assert "Дніпро" in mail[0].body


def test_enroll_puts_people_on_the_waiting_list_once_full(session, committed, mail):
    first, second, third = ParticipantFactory.create_batch(3)

    with committed():
        placed = [enroll(session=session, user=person).status for person in (first, second, third)]

    assert placed == [ENROLLED, ENROLLED, WAITLISTED]
    assert sent(mail)[-1] == (third.email, subject(WAITLISTED_SUBJECT, session))


def test_enroll_turns_into_a_request_when_approval_is_required(session, committed, mail):
    session.approval_required = True
    session.save()
    person = ParticipantFactory()

    with committed():
        assert enroll(session=session, user=person).status == PENDING
    assert sent(mail) == [(person.email, subject(PENDING_SUBJECT, session))]


def test_requests_do_not_take_seats(session):
    session.approval_required = True
    session.save()
    for person in ParticipantFactory.create_batch(4):
        enroll(session=session, user=person)

    assert set(statuses(session).values()) == {PENDING}


@pytest.mark.parametrize("source", [EnrollmentSource.IMPORTED, EnrollmentSource.APPLICATION,
                                    EnrollmentSource.WALK_IN])
def test_coordinator_sources_bypass_approval(session, committed, mail, source):
    session.approval_required = True
    session.save()
    person = ParticipantFactory()

    with committed():
        enrollment = enroll(session=session, user=person, source=source)

    assert (enrollment.status, enrollment.source) == (ENROLLED, source)
    assert sent(mail) == [(person.email, subject(CONFIRMED_SUBJECT, session))]


def test_imported_people_still_respect_capacity(session):
    EnrollmentFactory.create_batch(2, session=session)

    assert enroll(session=session, user=ParticipantFactory(), source=EnrollmentSource.IMPORTED).status == WAITLISTED


def test_imports_may_fill_a_session_closed_to_self_enrollment(session):
    session.status = SessionStatus.CLOSED
    session.save()

    assert enroll(session=session, user=ParticipantFactory(), source=EnrollmentSource.IMPORTED).status == ENROLLED


def test_enrolling_twice_returns_the_same_row_and_sends_one_email(session, committed, mail):
    person = ParticipantFactory()

    with committed():
        first = enroll(session=session, user=person)
        second = enroll(session=session, user=person)

    assert first.pk == second.pk
    assert second.status == ENROLLED
    assert Enrollment.objects.count() == 1
    assert len(mail) == 1


@pytest.mark.parametrize("status", [WAITLISTED, PENDING, COMPLETED])
def test_enrolling_again_keeps_an_existing_place_request_or_spot(session, status):
    existing = EnrollmentFactory(session=session, status=status)

    assert enroll(session=session, user=existing.user).pk == existing.pk
    existing.refresh_from_db()
    assert existing.status == status


def test_re_enrolling_after_cancelling_reuses_the_row(session, committed, mail):
    person = ParticipantFactory()
    with committed():
        enrollment = enroll(session=session, user=person)
        cancel_enrollment(enrollment=enrollment)
        again = enroll(session=session, user=person)

    assert again.pk == enrollment.pk
    assert again.status == ENROLLED
    assert Enrollment.objects.count() == 1
    assert [s for _, s in sent(mail)] == [subject(CONFIRMED_SUBJECT, session)] * 2


def test_re_enrolling_after_cancelling_goes_to_the_end_of_a_full_session(session):
    person = ParticipantFactory()
    enrollment = enroll(session=session, user=person)
    cancel_enrollment(enrollment=enrollment)
    EnrollmentFactory.create_batch(2, session=session)

    again = enroll(session=session, user=person, source=EnrollmentSource.IMPORTED)

    assert (again.pk, again.status, again.source) == (enrollment.pk, WAITLISTED, EnrollmentSource.IMPORTED)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"status": SessionStatus.DRAFT}, "This session is not open for enrollment.", id="draft"),
        pytest.param({"status": SessionStatus.CLOSED}, "This session is not open for enrollment.", id="closed"),
        pytest.param({"status": SessionStatus.COMPLETED}, "This session is not open for enrollment.",
                     id="completed"),
        pytest.param({"status": SessionStatus.CANCELLED}, "This session is not open for enrollment.",
                     id="cancelled"),
        pytest.param({"enrollment_opens_at": timedelta(hours=1)}, "Enrollment has not opened yet.",
                     id="not-yet-open"),
        pytest.param({"enrollment_closes_at": -timedelta(hours=1)}, "Enrollment for this session has closed.",
                     id="window-closed"),
        pytest.param({"enrollment_closes_at": timedelta(0)}, "Enrollment for this session has closed.",
                     id="closes-this-instant"),
    ],
)
def test_enroll_refuses_when_the_session_does_not_take_enrollments(session, committed, mail, changes, message):
    now = timezone.now()
    for field, value in changes.items():
        setattr(session, field, now + value if isinstance(value, timedelta) else value)
    session.save()

    with committed(), pytest.raises(EnrollmentClosed) as refusal:
        enroll(session=session, user=ParticipantFactory(), now=now)

    assert str(refusal.value) == uk(message)
    assert enrollment_refusal(session=session, now=now) == uk(message)
    assert not Enrollment.objects.exists()
    assert mail == []


def test_enroll_accepts_inside_the_window(session):
    now = timezone.now()
    session.enrollment_opens_at, session.enrollment_closes_at = now - timedelta(days=1), now + timedelta(days=1)
    session.save()

    assert enrollment_refusal(session=session, now=now) == ""
    assert enrollment_refusal(session=session, now=session.enrollment_opens_at) == ""
    assert enroll(session=session, user=ParticipantFactory(), now=now).status == ENROLLED


def test_refused_re_enrollment_leaves_the_cancelled_row_alone(session):
    enrollment = EnrollmentFactory(session=session, status=CANCELLED)
    session.status = SessionStatus.CLOSED
    session.save()

    with pytest.raises(EnrollmentClosed):
        enroll(session=session, user=enrollment.user)

    enrollment.refresh_from_db()
    assert enrollment.status == CANCELLED


def test_email_is_in_the_session_language(course, committed, mail):
    session = TrainingSessionFactory(course=course, language="en", title="Case management")
    person = ParticipantFactory()

    with committed():
        enroll(session=session, user=person)

    assert sent(mail) == [(person.email, "[Hromada LMS] Your place is confirmed: Case management")]


def test_no_email_without_a_commit(session, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enroll(session=session, user=ParticipantFactory())

    assert len(callbacks) == 1
    assert mailoutbox == []


# --- cancel and promote --------------------------------------------------------------------------

def test_cancelling_a_place_promotes_the_longest_waiting_person_and_emails_them(session, committed, mail):
    leaving, staying = EnrollmentFactory.create_batch(2, session=session)
    later = _wait(EnrollmentFactory(session=session), minutes_ago=5)
    earlier = _wait(EnrollmentFactory(session=session), minutes_ago=30)  # created later, waiting longer

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
    later = _wait(EnrollmentFactory(session=session), minutes_ago=5)
    earlier = _wait(EnrollmentFactory(session=session), minutes_ago=30)
    session.capacity = 3
    session.save()

    with committed():
        promoted = fill_free_seats(session=session)

    assert [e.pk for e in promoted] == [earlier.pk]
    assert statuses(session)[earlier.user.email] == ENROLLED
    assert statuses(session)[later.user.email] == WAITLISTED
    assert sent(mail) == [(earlier.user.email, subject(PROMOTED_SUBJECT, session))]


def test_a_cancelled_session_promotes_nobody_when_capacity_changes(session):
    waiting = _wait(EnrollmentFactory(session=session), minutes_ago=5)
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
    waiting = _wait(EnrollmentFactory(session=session), minutes_ago=60)
    leaving = EnrollmentFactory(session=session, status=status)

    with committed():
        cancel_enrollment(enrollment=leaving)

    waiting.refresh_from_db()
    leaving.refresh_from_db()
    assert (leaving.status, waiting.status) == (CANCELLED, WAITLISTED)
    assert mail == []


@pytest.mark.parametrize("status", [CANCELLED, COMPLETED])
def test_cancelling_a_finished_enrollment_changes_nothing(session, committed, mail, status):
    enrollment = EnrollmentFactory(session=session, status=status)
    waiting = _wait(EnrollmentFactory(session=session), minutes_ago=5)

    with committed():
        assert cancel_enrollment(enrollment=enrollment).status == status
    waiting.refresh_from_db()
    assert waiting.status == WAITLISTED
    assert mail == []


def test_cancelling_twice_promotes_only_once(session, committed, mail):
    leaving, _ = EnrollmentFactory.create_batch(2, session=session)
    first = _wait(EnrollmentFactory(session=session), minutes_ago=30)
    second = _wait(EnrollmentFactory(session=session), minutes_ago=10)

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
    waiting = _wait(EnrollmentFactory(session=session), minutes_ago=5)

    with committed():
        cancel_enrollment(enrollment=leaving)

    waiting.refresh_from_db()
    assert waiting.status == WAITLISTED
    assert session.enrollments.filter(status=ENROLLED).count() == 2


def test_promote_fills_every_free_seat_in_waiting_order(course, committed, mail):
    session = TrainingSessionFactory(course=course, capacity=3)
    third = _wait(EnrollmentFactory(session=session), minutes_ago=1)
    first = _wait(EnrollmentFactory(session=session), minutes_ago=30)
    second = _wait(EnrollmentFactory(session=session), minutes_ago=20)
    fourth = _wait(EnrollmentFactory(session=session, status=WAITLISTED), minutes_ago=0)
    EnrollmentFactory(session=session)

    with committed():
        promoted = promote_from_waitlist(session=session)

    assert promoted == [first, second]
    assert [to for to, _ in sent(mail)] == [first.user.email, second.user.email]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == (WAITLISTED, WAITLISTED)


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
@pytest.mark.parametrize("status", [ENROLLED, WAITLISTED, CANCELLED, COMPLETED])
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
    waiting = _wait(EnrollmentFactory(session=session), minutes_ago=5)

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
    waiting = _wait(EnrollmentFactory(session=session), minutes_ago=30)

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
    waiting = _wait(EnrollmentFactory(session=session), minutes_ago=30)

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
    waiting = _wait(EnrollmentFactory(session=session), minutes_ago=30)
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


@pytest.mark.parametrize("status", [ENROLLED, COMPLETED])
def test_an_acceptance_leaves_a_seat_held_already_as_it_is(session, status):
    enrollment = EnrollmentFactory(session=session, status=status)
    before = timezone.now() - timedelta(hours=1)
    Enrollment.objects.filter(pk=enrollment.pk).update(status_changed_at=before)

    seat = seat_accepted_applicant(session=session, user=enrollment.user)

    assert seat == AcceptedSeat(enrollment=enrollment, was=status)
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.status_changed_at, enrollment.source) == (status, before, "self")


@pytest.mark.parametrize(("status", "source"), [(None, "application"), (PENDING, "self"), (WAITLISTED, "self"),
                                                 (CANCELLED, "application")])
def test_an_acceptance_gives_a_seat_and_says_what_it_replaced(session, status, source):
    user = EnrollmentFactory(session=session, status=status).user if status else ParticipantFactory()

    seat = seat_accepted_applicant(session=session, user=user)

    assert (seat.enrollment.status, seat.enrollment.source, seat.was) == (ENROLLED, source, status or "")
    assert Enrollment.objects.get(session=session, user=user).status == ENROLLED


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
