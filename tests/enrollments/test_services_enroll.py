"""Making a place (enrollments/services.py): lock_session and set_status beneath it, and enroll with its refusals
and without its email."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enrollments.models import Enrollment, EnrollmentSource, SessionStatus, TrainingSession
from enrollments.services import (
    EnrollmentClosed,
    cancel_enrollment,
    enroll,
    enrollment_refusal,
    lock_session,
    set_status,
)
from tests.courses.factories import build_tree
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.enrollments.notices import CONFIRMED_SUBJECT, PENDING_SUBJECT, WAITLISTED_SUBJECT, sent, subject
from tests.enrollments.seats import CANCELLED, ENROLLED, PENDING, WAITLISTED, statuses, wait
from tests.factories import ParticipantFactory
from tests.helpers import uk

pytestmark = pytest.mark.django_db


# --- lock_session, set_status: what every change of a place is made of ----------------------------

def test_lock_session_reads_the_row_afresh_and_locks_it_where_the_database_can(session):
    TrainingSession.objects.filter(pk=session.pk).update(capacity=5)

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        locked = lock_session(session_id=session.pk)

    assert locked.pk == session.pk and locked.capacity == 5 and session.capacity == 2
    [query] = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert ("FOR NO KEY UPDATE" in query) is connection.features.has_select_for_update


def test_lock_session_of_an_unknown_session_raises(db):
    with pytest.raises(TrainingSession.DoesNotExist), transaction.atomic():
        lock_session(session_id=0)


def test_set_status_writes_the_status_and_its_time_and_nothing_else(session):
    enrollment = wait(EnrollmentFactory(session=session), minutes_ago=30)
    before = enrollment.status_changed_at
    enrollment.source = "imported"  # changed in memory only: set_status must not save it

    returned = set_status(enrollment=enrollment, status=ENROLLED)

    assert returned is enrollment and enrollment.status == ENROLLED and enrollment.status_changed_at > before
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.source) == (ENROLLED, "self")
    assert enrollment.status_changed_at > before


def test_set_status_sends_no_email_and_moves_nobody_else(session, committed, mail):
    waiting = wait(EnrollmentFactory(session=session), minutes_ago=5)
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


@pytest.mark.parametrize("status", [WAITLISTED, PENDING])
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

    assert callbacks  # the email is handed over on commit (and the reports count the place then)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


# --- enroll(notify=False): the same place by the same seat rule, without the confirmation email -------------
# (the demo's way of putting its people on sessions)

@pytest.fixture
def one_place(db):
    return TrainingSessionFactory(course=build_tree(modules=0).course, capacity=1)


@pytest.mark.parametrize("source", [EnrollmentSource.SELF, EnrollmentSource.IMPORTED])
def test_enrolling_without_notify_gives_the_place_and_emails_nobody(one_place, mailoutbox,
                                                                    django_capture_on_commit_callbacks, source):
    user = ParticipantFactory()

    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enroll(session=one_place, user=user, source=source, notify=False)

    assert (enrollment.user, enrollment.status, enrollment.source) == (user, "enrolled", source)
    assert mailoutbox == []


def test_without_notify_a_full_session_still_waitlists(one_place, mailoutbox, django_capture_on_commit_callbacks):
    EnrollmentFactory(session=one_place)

    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enroll(session=one_place, user=ParticipantFactory(), source=EnrollmentSource.IMPORTED,
                            notify=False)

    assert enrollment.status == "waitlisted"
    assert mailoutbox == []


def test_by_default_the_place_is_confirmed_by_email(one_place, mailoutbox, django_capture_on_commit_callbacks):
    user = ParticipantFactory()

    with django_capture_on_commit_callbacks(execute=True):
        enroll(session=one_place, user=user, source=EnrollmentSource.IMPORTED)

    assert [message.to for message in mailoutbox] == [[user.email]]
